using System.Text.RegularExpressions;
using Selbsthilfe.Web.Clients;

namespace Selbsthilfe.Web.Components.Pages.PeerSearch;

/// <summary>A root topic with its sub-topics in tree order, for a select grouped by root (optgroup) and indented below.</summary>
public sealed record TopicGroup(Topic Root, IReadOnlyList<(Topic Topic, int Depth)> Items);

/// <summary>What the peer-search pages share: the topic tree, the checks made before any service is asked, and display rules.</summary>
public static partial class PeerSearchForms
{
    /// <summary>FoundingSupport's limit for a posting's text (FoundingRules.MaxPostingText).</summary>
    public const int MaxText = 1000;
    public const int MaxEmail = 254;
    public const int PageSize = 20;

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static IReadOnlyList<TopicGroup> Tree(IReadOnlyList<Topic> topics)
    {
        var children = topics.Where(t => t.Parent is not null).ToLookup(t => t.Parent!);
        var known = topics.Select(t => t.Code).ToHashSet();
        var groups = new List<TopicGroup>();
        // A topic whose parent is missing from the taxonomy still has to be choosable: it is treated as a root.
        foreach (var root in topics.Where(t => t.Parent is null || !known.Contains(t.Parent)))
        {
            var items = new List<(Topic, int)>();
            void Walk(Topic topic, int depth)
            {
                foreach (var child in children[topic.Code]) { items.Add((child, depth)); Walk(child, depth + 1); }
            }
            Walk(root, 0);
            groups.Add(new TopicGroup(root, items));
        }
        return groups;
    }

    public static string TopicName(IReadOnlyList<Topic> topics, string code) => topics.FirstOrDefault(t => t.Code == code)?.Name ?? code;

    public static bool IsTopic(IReadOnlyList<Topic> topics, string? code) => code is not null && topics.Any(t => t.Code == code);

    /// <summary>The postcode area shown with a posting: three digits, never the whole postcode (with a topic it says too much).</summary>
    public static string Area(string postcode) => postcode.Length >= 3 ? postcode[..3] : postcode;

    public static bool IsPostcode(string? value) => value is not null && FiveDigits().IsMatch(value);

    public static bool IsPostcodeFilter(string? value) => value is not null && TwoToFiveDigits().IsMatch(value);

    /// <summary>Line breaks arrive as CRLF; counted as one character each, as the text area counts them.</summary>
    public static string NormaliseText(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>Control characters other than line breaks and tabs have no place in a text someone reads.</summary>
    public static bool HasControlCharacters(string text, bool allowLineBreaks) =>
        text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\t'));

    /// <summary>The same rule as FoundingSupport's: an address in the text would bypass Notifications and become public.</summary>
    public static bool ContainsEmail(string text) => EmailLike().IsMatch(text);

    /// <summary>A first look only; Notifications checks the address fully.</summary>
    public static bool LooksLikeEmail(string email) => email.Length <= MaxEmail && !HasControlCharacters(email, false) && Address().IsMatch(email);

    /// <summary>Whether an office on the platform serves the postcode (else Founding would refuse the posting after the mail went out).</summary>
    public static bool Served(IReadOnlyList<Office> offices, string postcode) =>
        offices.Any(o => o.RegionPostcodePrefixes.Any(p => postcode.StartsWith(p, StringComparison.Ordinal)));

    public static DateTimeOffset InBerlin(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Berlin);

    /// <summary>
    /// A link to a field on this very page. Links resolve against &lt;base href&gt;, so "#field" alone would lead to the
    /// start page; the page's own path and query plus the fragment only scrolls.
    /// </summary>
    public static string Anchor(HttpContext context, string id) =>
        context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString.Value + "#" + id;

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex FiveDigits();

    [GeneratedRegex("^[0-9]{2,5}$")]
    private static partial Regex TwoToFiveDigits();

    [GeneratedRegex(@"\S+\s*(@|\(at\)|\[at\])\s*\S+\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex EmailLike();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Address();
}
