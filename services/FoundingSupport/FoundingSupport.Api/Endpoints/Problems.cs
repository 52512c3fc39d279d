using Microsoft.AspNetCore.Http.HttpResults;
using Selbsthilfe.FoundingSupport.Api.Domain;

namespace Selbsthilfe.FoundingSupport.Api.Endpoints;

/// <summary>Every refusal of the service as RFC 7807 ProblemDetails, in German with English.</summary>
public static class Problems
{
    public static IResult From<T>(HttpContext http, CommandResult<T> result, string notFound) => result.Outcome switch
    {
        Outcome.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "Die Angaben sind nicht gültig. / The request is not valid."),
        Outcome.NotFound => TypedResults.Problem(statusCode: 404, title: notFound),
        Outcome.Forbidden => Forbidden(),
        Outcome.Stale => Stale(http, result),
        Outcome.NoOffice => TypedResults.Problem(statusCode: 422,
            title: "Für diese Postleitzahl ist noch keine Kontaktstelle auf der Plattform. / No office on the platform serves this postcode yet.",
            detail: "Bitte wenden Sie sich an die nächstgelegene Selbsthilfekontaktstelle. / Please contact the nearest self-help office."),
        _ => TypedResults.Problem(statusCode: 409, title: "Dieser Schritt ist jetzt nicht möglich. / This step is not possible now.",
            detail: result.Detail, extensions: result.Extensions),
    };

    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult OkOr<T>(HttpContext http, CommandResult<T> result, string notFound) =>
        result.Outcome == Outcome.Ok ? TypedResults.Ok(result.Value) : From(http, result, notFound);

    /// <summary>201 with the value at the place <paramref name="location"/> names, or the refusal.</summary>
    public static IResult CreatedOr<T>(HttpContext http, CommandResult<T> result, Func<T, string> location, string notFound) =>
        result.Outcome == Outcome.Ok ? TypedResults.Created(location(result.Value!), result.Value) : From(http, result, notFound);

    public static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: 403, title: "Das ist Sache einer anderen Kontaktstelle. / This belongs to another office.");

    private static ProblemHttpResult Stale<T>(HttpContext http, CommandResult<T> result)
    {
        if (result.Extensions?.GetValueOrDefault("version") is int version) http.Response.Headers.ETag = ETags.Of(version);
        return TypedResults.Problem(statusCode: 412,
            title: "Die Initiative wurde inzwischen geändert. Bitte neu laden und erneut versuchen. / The initiative has changed meanwhile. Reload and try again.");
    }
}

/// <summary>Versions as ETags; a change may name the version it was made on (If-Match) and is refused if that is stale.</summary>
public static class ETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <returns>Null without If-Match (or "*"); -1 for a value that is no version of ours (never matches).</returns>
    public static int? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString();
        if (value.Length == 0 || value == "*") return null;
        return int.TryParse(value.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var v) ? v : -1;
    }
}
