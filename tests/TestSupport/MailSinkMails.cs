using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Selbsthilfe.TestSupport;

/// <summary>Mails as the AppHost's development mail sink received them (its JSON API).</summary>
public static partial class MailSinkMails
{
    /// <summary>The first mail to <paramref name="address"/> that <paramref name="which"/> accepts, once it arrived.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient sink, string address, Func<JsonElement, bool>? which = null)
    {
        JsonElement mail = default;
        await Eventually.TrueAsync(async () =>
        {
            var mails = await sink.GetFromJsonAsync<JsonElement>("/api/messages");
            mail = mails.EnumerateArray().FirstOrDefault(m =>
                m.GetProperty("to").EnumerateArray().Any(t => t.GetString() == address) && (which is null || which(m)));
            return mail.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the mail should reach the mail sink");
        return mail;
    }

    public static string Text(JsonElement mail) => mail.GetProperty("text").GetString() ?? "";

    /// <summary>
    /// The first link in the mail's text whose path ends with <paramref name="path"/> (e.g. "/bestaetigen"), moved onto
    /// <paramref name="gateway"/>: mails name the platform's public address, which may differ from the test gateway's.
    /// </summary>
    public static Uri? Link(JsonElement mail, string path, Uri gateway)
    {
        foreach (Match match in LinkPattern().Matches(Text(mail)))
        {
            var link = new Uri(match.Value);
            if (!link.AbsolutePath.EndsWith(path, StringComparison.Ordinal)) continue;
            return new Uri(gateway, link.PathAndQuery);
        }
        return null;
    }

    /// <summary>The token of the first link in the mail's text.</summary>
    public static string Token(JsonElement mail) => TokenPattern().Match(Text(mail)).Groups[1].Value;

    [GeneratedRegex(@"token=([A-Za-z0-9_.\-]+)")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
