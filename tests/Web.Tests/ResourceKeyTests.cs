using System.Xml.Linq;

namespace Web.Tests;

/// <summary>Every text of the site exists in German and in English (a plain file test, no browser).</summary>
public sealed class ResourceKeyTests
{
    private static string ResourceDirectory => Path.Combine(RepoRoot.Path, "web", "Web", "Resources");

    public static TheoryData<string> Areas()
    {
        var areas = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "web", "Web", "Resources"), "*.resx").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var area = name.EndsWith(".en", StringComparison.Ordinal) ? name[..^3] : name;
            areas.Add(area);
        }
        return [.. areas];
    }

    [Fact]
    public void There_are_resource_files_to_check() => Assert.NotEmpty(Areas());

    [Theory]
    [MemberData(nameof(Areas))]
    public void Every_resource_file_has_an_English_twin_with_the_same_keys_and_no_empty_values(string area)
    {
        var german = Path.Combine(ResourceDirectory, area + ".resx");
        var english = Path.Combine(ResourceDirectory, area + ".en.resx");
        Assert.True(File.Exists(german), $"{area}.resx (German, the neutral language) is missing beside {area}.en.resx.");
        Assert.True(File.Exists(english), $"{area}.en.resx (English) is missing beside {area}.resx.");

        var de = Read(german);
        var en = Read(english);
        var onlyGerman = de.Keys.Except(en.Keys).Order(StringComparer.Ordinal).ToList();
        var onlyEnglish = en.Keys.Except(de.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyGerman.Count == 0, $"{area}.en.resx lacks: {string.Join(", ", onlyGerman)}");
        Assert.True(onlyEnglish.Count == 0, $"{area}.resx lacks: {string.Join(", ", onlyEnglish)}");
        var empty = de.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{area}.resx:{p.Key}")
            .Concat(en.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{area}.en.resx:{p.Key}")).ToList();
        Assert.True(empty.Count == 0, $"Empty texts: {string.Join(", ", empty)}");
    }

    private static Dictionary<string, string> Read(string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in XDocument.Load(path).Root!.Elements("data"))
        {
            var key = (string)data.Attribute("name")!;
            Assert.False(texts.ContainsKey(key), $"{Path.GetFileName(path)} names {key} twice.");
            texts[key] = (string?)data.Element("value") ?? "";
        }
        return texts;
    }
}
