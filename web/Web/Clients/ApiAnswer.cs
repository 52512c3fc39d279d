using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Selbsthilfe.Web.Clients;

/// <summary>
/// A service's answer to a form: the value, or the problem it reported (RFC 7807, with field errors). A 5xx or an
/// unreadable body is not an answer to show at a field: it throws <see cref="ServiceAnswerException"/>, which the
/// error page turns into a 503.
/// </summary>
public sealed record ApiAnswer<T>(HttpStatusCode Status, T? Value, Problem? Problem)
{
    public bool Ok => (int)Status is >= 200 and < 300;
}

/// <summary>The parts of an RFC 7807 answer the site shows: its title and the messages per field.</summary>
public sealed record Problem(string? Title, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly Problem None = new(null, new Dictionary<string, string[]>());

    /// <summary>The services write "Deutsch. / English."; the site shows the half in the page's language.</summary>
    public static string InLanguage(string? bilingual)
    {
        if (string.IsNullOrEmpty(bilingual)) return "";
        var split = bilingual.IndexOf(" / ", StringComparison.Ordinal);
        if (split < 0) return bilingual;
        return Language.IsEnglish ? bilingual[(split + 3)..] : bilingual[..split];
    }
}

public static class ApiAnswers
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ApiAnswer<T>> ReadAsync<T>(HttpResponseMessage response, string service, CancellationToken ct)
    {
        var status = response.StatusCode;
        if ((int)status >= 500) throw new ServiceAnswerException(service, (int)status);
        try
        {
            if (response.IsSuccessStatusCode)
            {
                var value = status == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(Json, ct);
                return new ApiAnswer<T>(status, value, null);
            }
            return new ApiAnswer<T>(status, default, await ProblemAsync(response, ct));
        }
        catch (JsonException)
        {
            throw new ServiceAnswerException(service, (int)status);
        }
    }

    /// <summary>A GET whose 404 means "no such thing" (null); other client errors and 5xx are the service's fault.</summary>
    public static async Task<T?> GetOrNullAsync<T>(HttpClient http, string path, string service, CancellationToken ct) where T : class
    {
        using var response = await http.GetAsync(path, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest) return null;
        var answer = await ReadAsync<T>(response, service, ct);
        return answer.Ok ? answer.Value : throw new ServiceAnswerException(service, (int)answer.Status);
    }

    private static async Task<Problem> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json")) return Problem.None;
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = doc.RootElement;
        var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in e.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                    : [];
            }
        }
        return new Problem(title, errors);
    }
}
