using System.Text;

namespace Selbsthilfe.Web.Components.Pages.Offices;

/// <summary>Links built from an office's contact data: phone numbers to dial, websites that are really web addresses.</summary>
public static class OfficeLinks
{
    /// <summary>A <c>tel:</c> link in international form (German numbers as offices write them: "0331 6 200 280").</summary>
    public static string Tel(string phone)
    {
        var digits = new StringBuilder();
        foreach (var c in phone) if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0)) digits.Append(c);
        var number = digits.ToString();
        if (number.StartsWith("00", StringComparison.Ordinal)) number = "+" + number[2..];
        else if (number.StartsWith('0')) number = "+49" + number[1..];
        return "tel:" + number;
    }

    /// <summary>The website when it is an absolute http(s) address (nothing else becomes a link), else null.</summary>
    public static Uri? Website(string? website) =>
        Uri.TryCreate(website?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : null;

    /// <summary>The address as people read it: without the scheme and a trailing slash.</summary>
    public static string Display(Uri website) => (website.Host + website.PathAndQuery).TrimEnd('/');

    /// <summary>The origin (scheme, host, port) of the office's website, as a CSP source expression; null without one.</summary>
    public static string? Origin(string? website) => Website(website) is { } uri
        ? $"{uri.Scheme}://{uri.IdnHost}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}"
        : null;

    /// <summary>A valid office id (the directory's slug rule); anything else cannot be an office.</summary>
    public static bool IsOfficeId(string? id) =>
        id is { Length: > 0 and <= 60 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !id.StartsWith('-') && !id.EndsWith('-') && !id.Contains("--", StringComparison.Ordinal);
}
