using Microsoft.AspNetCore.Components;

namespace Selbsthilfe.Web.Components.Pages.About;

/// <summary>Helpers for the about pages' texts: a link inside a sentence, and operator texts as paragraphs.</summary>
public static class AboutText
{
    /// <summary>Renders <paramref name="format"/> with its <c>{0}</c> as a link (the rest stays text, encoded).</summary>
    public static RenderFragment WithLink(string format, string href, string linkText) => builder =>
    {
        var at = format.IndexOf("{0}", StringComparison.Ordinal);
        if (at < 0)
        {
            builder.AddContent(0, format);
            return;
        }
        builder.AddContent(1, format[..at]);
        builder.OpenElement(2, "a");
        builder.AddAttribute(3, "href", href);
        builder.AddContent(4, linkText);
        builder.CloseElement();
        builder.AddContent(5, format[(at + 3)..]);
    };

    /// <summary>An operator's plain text: paragraphs separated by blank lines, lines within a paragraph kept.</summary>
    public static IEnumerable<string[]> Paragraphs(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Replace("\r\n", "\n", StringComparison.Ordinal)
                .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split('\n', StringSplitOptions.TrimEntries));
}
