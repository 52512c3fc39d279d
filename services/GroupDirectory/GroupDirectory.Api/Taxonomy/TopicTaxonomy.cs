using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Selbsthilfe.GroupDirectory.Api.Taxonomy;

public sealed record Topic(string Code, string? Parent, string Label, string LabelEn, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Icd10);

/// <summary>Topics a query names (their codes, without sub-topics) and the query's words, folded, that name them.</summary>
public sealed record NamedTopics(IReadOnlyList<string> Words, IReadOnlyList<string> Codes);

/// <summary>
/// The German topic taxonomy shipped as data (<c>Taxonomy/topics.json</c>): a hierarchy of topics, each with German
/// and English labels, synonyms and colloquial terms, and ICD-10-GM codes where one fits. Any of those names finds the
/// topic, so a newcomer need not know the one word an office used.
/// </summary>
public sealed class TopicTaxonomy
{
    private readonly Dictionary<string, Topic> _byCode;
    private readonly Dictionary<string, List<Topic>> _byName = new(StringComparer.Ordinal);
    private readonly ILookup<string?, Topic> _children;

    /// <summary>Every word of every name, folded.</summary>
    private readonly HashSet<string> _nameWords;

    /// <summary>The most words in one name.</summary>
    private readonly int _longestName;

    public TopicTaxonomy(IReadOnlyList<Topic> topics)
    {
        Topics = topics;
        _byCode = new Dictionary<string, Topic>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            if (!_byCode.TryAdd(topic.Code, topic)) throw new InvalidDataException($"Topic code '{topic.Code}' appears twice.");
            if (topic.Parent is not null && !_byCode.ContainsKey(topic.Parent))
            {
                throw new InvalidDataException($"Topic '{topic.Code}' names parent '{topic.Parent}', which does not come before it.");
            }
            foreach (var name in topic.Synonyms.Concat(topic.Icd10).Append(topic.Label).Append(topic.LabelEn).Append(topic.Code))
            {
                var key = Normalize(name);
                if (!_byName.TryGetValue(key, out var list)) _byName[key] = list = [];
                if (!list.Contains(topic)) list.Add(topic);
            }
        }
        _children = topics.ToLookup(t => t.Parent);
        _nameWords = _byName.Keys.SelectMany(name => name.Split(' ')).ToHashSet(StringComparer.Ordinal);
        _longestName = _byName.Keys.Select(name => name.Split(' ').Length).DefaultIfEmpty(1).Max();
    }

    public IReadOnlyList<Topic> Topics { get; }

    public Topic? this[string code] => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// Topics any of whose names is <paramref name="term"/>, compared without case, accents or umlauts ("Ä" = "ae",
    /// "ß" = "ss"). An ICD-10 code more specific than any listed finds the nearest listed one: "F60.31" → "F60.3" → "F60".
    /// </summary>
    public IReadOnlyList<Topic> Find(string term)
    {
        var key = Normalize(term);
        while (true)
        {
            if (_byName.TryGetValue(key, out var found)) return found;
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) return [];
            key = key.Length - 1 > dot + 1 ? key[..^1] : key[..dot];
        }
    }

    /// <summary>
    /// Topics a free-text query names, with the words (folded, see <see cref="Normalize"/>) that name each: any run of
    /// the query's words that is a name (see <see cref="Find"/>), longest first, each word part of one name only ("ADHS
    /// Erwachsene" names ADHS in adults, not also every ADHS topic); a single word of five letters or more that no name
    /// uses may also name a topic with a typo or two ("Depresion"). A search for any name of a topic thereby finds the
    /// groups filed under it, whatever words their office used.
    /// </summary>
    public IReadOnlyList<NamedTopics> Named(string query)
    {
        var words = Normalize(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var taken = new bool[words.Length];
        var named = new List<NamedTopics>();
        for (var length = Math.Min(words.Length, _longestName); length >= 1; length--)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                if (taken.AsSpan(start, length).Contains(true)) continue;
                var run = words[start..(start + length)];
                var topics = Find(string.Join(' ', run));
                if (topics.Count == 0 && length == 1) topics = Misspelt(run[0]);
                if (topics.Count == 0) continue;
                named.Add(new NamedTopics(run, topics.Select(t => t.Code).ToArray()));
                taken.AsSpan(start, length).Fill(true);
            }
        }
        return named;
    }

    /// <summary>The codes of all topics the query names (see <see cref="Named"/>).</summary>
    public IReadOnlySet<string> Match(string query) => Named(query).SelectMany(n => n.Codes).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The topics whose names are within a typo or two of a word (one up to seven letters, two from eight). A word that
    /// some name uses is no typo: "Eltern" is not "Altern", "Angehörige" not "Zugehörige".
    /// </summary>
    private List<Topic> Misspelt(string word)
    {
        if (word.Length < 5 || _nameWords.Contains(word)) return [];
        var allowed = word.Length >= 8 ? 2 : 1;
        var found = new List<Topic>();
        foreach (var (name, topics) in _byName)
        {
            if (Math.Abs(name.Length - word.Length) <= allowed && EditDistance(name, word, allowed) <= allowed)
                found.AddRange(topics.Where(t => !found.Contains(t)));
        }
        return found;
    }

    /// <summary>Optimal string alignment distance (adjacent transpositions count once), cut off above <paramref name="max"/>.</summary>
    private static int EditDistance(string a, string b, int max)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = Math.Min(current[j], previous2[j - 2] + 1);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > max) return max + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    /// <summary>The topic and everything below it: a filter on "Sucht" includes "Alkohol".</summary>
    public IEnumerable<string> WithDescendants(string code)
    {
        yield return code;
        foreach (var child in _children[code])
        {
            foreach (var descendant in WithDescendants(child.Code)) yield return descendant;
        }
    }

    /// <summary>
    /// Lower case without accents, umlauts spelt out ("ä" → "ae", "ß" → "ss"), "-", "_" and "/" as spaces, runs of
    /// whitespace as one space, none at either end.
    /// </summary>
    public static string Normalize(string text)
    {
        // Imports fold every word of every listing: text of ASCII and German letters is folded in one pass, allocating
        // nothing when it is folded already. Anything else goes the general way (Unicode decomposition).
        const int MaxFast = 256;
        if (text.Length > MaxFast) return NormalizeFully(text);
        Span<char> folded = stackalloc char[2 * MaxFast];
        var length = 0;
        foreach (var c in text)
        {
            var (first, second) = c switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' => (c, '\0'),
                >= 'A' and <= 'Z' => ((char)(c + ('a' - 'A')), '\0'),
                'ä' or 'Ä' => ('a', 'e'),
                'ö' or 'Ö' => ('o', 'e'),
                'ü' or 'Ü' => ('u', 'e'),
                'ß' => ('s', 's'),
                '-' or '_' or '/' or ' ' or (>= '\t' and <= '\r') => (' ', '\0'),
                < (char)0x80 => (c, '\0'),
                _ => ('\uffff', '\0'),
            };
            if (first == '\uffff') return NormalizeFully(text);
            if (first == ' ')
            {
                if (length > 0 && folded[length - 1] != ' ') folded[length++] = ' ';
                continue;
            }
            folded[length++] = first;
            if (second != '\0') folded[length++] = second;
        }
        if (length > 0 && folded[length - 1] == ' ') length--;
        return folded[..length].SequenceEqual(text) ? text : new string(folded[..length]);
    }

    /// <summary><see cref="Normalize"/> for any text, through Unicode decomposition: the rule its fast path keeps to.</summary>
    public static string NormalizeFully(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': folded.Append("ae"); break;
                case 'ö': folded.Append("oe"); break;
                case 'ü': folded.Append("ue"); break;
                case 'ß': folded.Append("ss"); break;
                case '-' or '_' or '/': folded.Append(' '); break;
                default: folded.Append(c); break;
            }
        }
        var decomposed = folded.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c) && (result.Length == 0 || result[^1] == ' ')) continue;
            result.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        return result.ToString().TrimEnd();
    }

    public static TopicTaxonomy LoadShipped()
    {
        using var stream = typeof(TopicTaxonomy).Assembly.GetManifestResourceStream("Selbsthilfe.GroupDirectory.Api.Taxonomy.topics.json")
            ?? throw new InvalidDataException("The topic taxonomy (Taxonomy/topics.json) is not embedded.");
        var file = JsonSerializer.Deserialize<TaxonomyFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("The topic taxonomy is empty.");
        return new TopicTaxonomy(file.Topics.Select(t => new Topic(
            t.Code, t.Parent, t.Label, t.LabelEn, t.Synonyms ?? [], t.Icd10 ?? [])).ToList());
    }

    private sealed record TaxonomyFile(int Version, List<TopicEntry> Topics);

    private sealed record TopicEntry(string Code, string? Parent, string Label, string LabelEn, List<string>? Synonyms, List<string>? Icd10);
}
