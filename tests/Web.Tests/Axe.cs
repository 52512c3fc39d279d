using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, as BITV 2.0 asks; a failure lists what it found. axe runs
/// as a script in the page: call it only in a context with JavaScript on (with it off, the evaluation never returns).
/// </summary>
internal static class Axe
{
    public static async Task AssertNoViolationsAsync(IPage page, int width)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        Assert.True(result.Violations.Length == 0, Describe(page.Url, width, result));
    }

    private static string Describe(string url, int width, AxeResult result)
    {
        var text = new StringBuilder($"{url} at {width} px: {result.Violations.Length} accessibility violation(s)\n");
        foreach (var violation in result.Violations)
        {
            text.AppendLine($"- {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]");
            foreach (var node in violation.Nodes.Take(3))
            {
                text.AppendLine($"    at {node.Target}: {node.Html}");
                foreach (var check in node.Any.Concat(node.All).Concat(node.None).Take(2)) text.AppendLine("      " + check.Message);
            }
        }
        return text.ToString();
    }
}
