using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Selbsthilfe.GroupDirectory.Api.Taxonomy;

public sealed record Topic(string Code, string? Parent, string Label, string LabelEn, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Icd10);

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

    /// <summary>The topic and everything below it: a filter on "Sucht" includes "Alkohol".</summary>
    public IEnumerable<string> WithDescendants(string code)
    {
        yield return code;
        foreach (var child in _children[code])
        {
            foreach (var descendant in WithDescendants(child.Code)) yield return descendant;
        }
    }

    public static string Normalize(string text)
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
