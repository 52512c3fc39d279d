using Microsoft.AspNetCore.Http.HttpResults;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

/// <summary>The finder for newcomers and counsellors: anonymous callers see public listings, staff the office network.</summary>
public static class GroupSearchEndpoints
{
    public static IEndpointRouteBuilder MapGroupSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Prefix + "/groups", SearchGroups).WithTags("Search").WithName("SearchGroups");
        return app;
    }

    private static readonly string[] Sorts = ["relevance", "distance", "name"];

    private static async Task<Results<Ok<SearchPage>, ValidationProblem>> SearchGroups(
        HttpContext http, ListingSearch search, CancellationToken ct,
        string? q = null, string[]? topic = null, string? audience = null, string? setting = null, string? language = null,
        string[]? accessibility = null, bool? open = null, string? office = null, double? lat = null, double? lon = null,
        string? postcode = null, double? radiusKm = null, string? sort = null, string? cursor = null, int limit = 20, bool facets = true)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];
        if (q?.Length > 200) Error("q", "Suchtext: höchstens 200 Zeichen. / Search text: at most 200 characters.");
        if (audience is not null && !ListingValues.Audiences.Contains(audience))
            Error("audience", $"Zielgruppe: eine von {string.Join(", ", ListingValues.Audiences)}. / Audience: one of them.");
        if (setting is not null && !ListingValues.Settings.Contains(setting))
            Error("setting", $"Form: eine von {string.Join(", ", ListingValues.Settings)}. / Setting: one of them.");
        if (sort is not null && !Sorts.Contains(sort)) Error("sort", "Sortierung: relevance, distance oder name. / Sort: relevance, distance or name.");
        if (limit is < 1 or > ListingSearch.MaxLimit) Error("limit", $"Anzahl: 1 bis {ListingSearch.MaxLimit}. / Limit: 1 to {ListingSearch.MaxLimit}.");
        if (lat is null != lon is null || lat is < -90 or > 90 || lon is < -180 or > 180)
            Error("lat", "Koordinaten: lat und lon zusammen, in Grad. / Coordinates: lat and lon together, in degrees.");
        if (postcode is not null && (postcode.Length is < 2 or > 5 || !postcode.All(char.IsAsciiDigit)))
            Error("postcode", "Postleitzahl: 2 bis 5 Ziffern. / Postcode: 2 to 5 digits.");
        if (radiusKm is <= 0 or > 1000) Error("radiusKm", "Umkreis: mehr als 0 bis 1000 km. / Radius: above 0 up to 1000 km.");
        if (radiusKm is not null && lat is null && postcode is null)
            Error("radiusKm", "Umkreis braucht einen Ort (lat/lon oder postcode). / A radius needs a place (lat/lon or postcode).");
        try { ListingSearch.Decode(cursor); }
        catch (FormatException) { Error("cursor", "Ungültiger Cursor: bitte den nextCursor der vorigen Seite verwenden. / Invalid cursor: use nextCursor of the previous page."); }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        (double, double)? centre = lat is { } la && lon is { } lo ? (la, lo) : null;
        if (centre is null && postcode is not null)
        {
            centre = await search.LocatePostcodeAsync(postcode, ct);
            if (centre is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["postcode"] = ["Zu dieser Postleitzahl ist kein Ort bekannt. / No place is known for this postcode."],
                });
            }
        }
        var query = new SearchQuery
        {
            Text = q, Topics = topic ?? [], Audience = audience, Setting = setting, Language = language, Accessibility = accessibility ?? [],
            OpenForNewMembers = open, Office = office, Latitude = lat, Longitude = lon, Postcode = postcode, RadiusKm = radiusKm,
            Sort = sort, Cursor = cursor, Limit = limit, Facets = facets,
        };
        return TypedResults.Ok(await search.SearchAsync(query, Viewer.From(http.User), centre, ct));
    }
}
