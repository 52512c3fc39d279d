using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Tests;

/// <summary>Mails as the AppHost's development mail sink received them (its JSON API).</summary>
internal static partial class MailSinkMails
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

    /// <summary>The token of the first link in the mail's text.</summary>
    public static string Token(JsonElement mail) => TokenPattern().Match(mail.GetProperty("text").GetString()!).Groups[1].Value;

    [GeneratedRegex(@"token=([A-Za-z0-9_.\-]+)")]
    private static partial Regex TokenPattern();
}
