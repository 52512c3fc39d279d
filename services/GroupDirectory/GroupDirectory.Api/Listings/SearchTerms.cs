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
