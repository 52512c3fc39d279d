using System.Globalization;

namespace Selbsthilfe.Web;

/// <summary>
/// German by default; English under <c>/en/…</c>. The prefix becomes the request's path base, so every page exists
/// once and every relative link (pages write them relative to <c>&lt;base href&gt;</c>) stays in the chosen language.
/// </summary>
public sealed class Language(RequestDelegate next)
{
    public const string EnglishPrefix = "/en";
    public static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    // British English: 24-hour times and day-month dates, as German readers of an English page expect.
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public async Task InvokeAsync(HttpContext context)
    {
        var originalBase = context.Request.PathBase;
        var originalPath = context.Request.Path;
        var english = originalPath.StartsWithSegments(EnglishPrefix, StringComparison.OrdinalIgnoreCase, out var rest);
        if (english)
        {
            context.Request.PathBase = originalBase.Add(EnglishPrefix);
            context.Request.Path = rest.HasValue ? rest : "/";
        }
        var culture = english ? English : German;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.PathBase = originalBase;
            context.Request.Path = originalPath;
        }
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The value of <c>&lt;html lang&gt;</c>.</summary>
    public static string Code => IsEnglish ? "en" : "de";

    /// <summary>
    /// The address of the page being shown, as the browser has it (language prefix and query included): in-page links
    /// such as the skip link must use it, since a bare <c>#main</c> resolves against <c>&lt;base href&gt;</c>.
    /// </summary>
    public static string Here(HttpContext context) =>
        context.Request.PathBase.Value + context.Request.Path.Value + context.Request.QueryString.Value;

    /// <summary>The same page in the other language: <paramref name="pathAndQuery"/> without the language prefix.</summary>
    public static string Switch(string pathAndQuery) => IsEnglish ? pathAndQuery : EnglishPrefix + pathAndQuery;
}
