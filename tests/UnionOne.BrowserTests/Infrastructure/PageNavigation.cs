using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace UnionOne.BrowserTests.Infrastructure;

/// <summary>Waiting for the page a form leads to, and reading the id it landed on.</summary>
public static partial class PageNavigation
{
    /// <summary>Waits for a URL; on time-out says where the page stayed and which messages it shows.</summary>
    public static async Task ReachAsync(this IPage page, Regex url)
    {
        try
        {
            await page.WaitForURLAsync(url);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{url} not reached from {page.Url}: {string.Join(" | ", await page.Locator(".alert, .error").AllInnerTextsAsync())}");
        }
    }

    /// <summary>The number the current path ends with (/console/polls/42 → 42).</summary>
    public static long IdInPath(this IPage page) =>
        long.Parse(TrailingNumber().Match(new Uri(page.Url).AbsolutePath).Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\d+$")]
    private static partial Regex TrailingNumber();
}
