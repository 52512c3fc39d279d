using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// The words of a listing that feed the typo dictionary (<c>search_terms</c>), and the words of a query that are
/// looked up in it: lower case, letters only, at least <see cref="MinLength"/> letters, folded like the taxonomy folds.
/// </summary>
public static class SearchTerms
{
    /// <summary>Shorter words are too ambiguous to correct ("MS", "Ess").</summary>
    public const int MinLength = 4;

    /// <summary>The words of all the listings, each folded form once with its first surface form, in sorted order.</summary>
    public static IReadOnlyList<(string Folded, string Word)> Of(IEnumerable<ListingContent> contents) =>
        contents.SelectMany(content => Words(content.Name).Concat(Words(content.Description)))
            .Select(w => (Folded: TopicTaxonomy.Normalize(w), Word: w))
            .DistinctBy(t => t.Folded)
            .OrderBy(t => t.Folded, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Words that only say that a group is sought ("Selbsthilfegruppe", "Gesprächskreis", "in der Nähe"), folded: every
    /// listing is one, whatever its office called it, so they do not narrow a query.
    /// </summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "selbsthilfe", "selbsthilfegruppe", "selbsthilfegruppen", "shg", "gruppe", "gruppen", "gespraechskreis",
        "gespraechskreise", "gespraechsgruppe", "gespraechsgruppen", "treffen", "treff", "treffpunkt", "austausch", "hilfe",
        "suche", "naehe", "umgebung", "group", "groups", "self help",
    };

    /// <summary>Whether a word of a query as typed (between spaces, punctuation around it) is a generic word.</summary>
    public static bool IsGeneric(string token) => Generic.Contains(TopicTaxonomy.Normalize(token.Trim(Punctuation)));

    private static readonly char[] Punctuation = [',', '.', ';', ':', '!', '?', '(', ')', '\'', '"'];

    /// <summary>
    /// Generic words as the head of a compound ("Depressionsgruppe", "Suchtselbsthilfe", "MS-Gruppe"), as typed,
    /// longest first: the word before them says what is sought.
    /// </summary>
    private static readonly string[] GenericHeads =
    [
        "selbsthilfegruppen", "selbsthilfegruppe", "gesprächsgruppen", "gespraechsgruppen", "gesprächsgruppe",
        "gespraechsgruppe", "gesprächskreise", "gespraechskreise", "gesprächskreis", "gespraechskreis", "selbsthilfe",
        "gruppen", "gruppe", "treffen", "treff",
    ];

    /// <summary>
    /// The words of a query that say what is sought: a generic word compounded with another is cut off
    /// ("Depressionsgruppe" → "Depressions", "MS-Gruppe" → "MS") unless the compound names a topic itself
    /// ("Trauergruppe", "Frauengruppe"), and generic words are dropped: "Selbsthilfegruppe" alone asks for any group.
    /// Null when that changes nothing.
    /// </summary>
    public static string? Specific(string text, TopicTaxonomy taxonomy)
    {
        var tokens = Tokens(text);
        var specific = tokens.Select(t => WithoutGenericHead(t, taxonomy)).Where(t => !IsGeneric(t)).ToArray();
        return specific.SequenceEqual(tokens, StringComparer.Ordinal) ? null : string.Join(' ', specific);
    }

    private static string WithoutGenericHead(string token, TopicTaxonomy taxonomy)
    {
        var word = token.Trim(Punctuation);
        if (IsGeneric(word) || taxonomy.Find(word).Count > 0) return token;
        foreach (var head in GenericHeads)
        {
            if (!word.EndsWith(head, StringComparison.OrdinalIgnoreCase)) continue;
            var modifier = word[..^head.Length];
            // "MS-Gruppe" → "MS"; without a hyphen, a short rest is more likely a word of its own ("Betreffen").
            if (modifier.EndsWith('-')) return modifier.TrimEnd('-') is { Length: > 0 } before ? before : token;
            return modifier.Length >= 3 ? modifier : token;
        }
        return token;
    }

    /// <summary>A query's words as typed: the text between spaces.</summary>
    public static string[] Tokens(string text) => text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);

    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                if (i - start >= MinLength)
                    yield return string.Create(i - start, (text, start), static (word, at) => at.text.AsSpan(at.start, word.Length).ToLowerInvariant(word));
                start = -1;
            }
        }
    }
}
