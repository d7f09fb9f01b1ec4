using System.Net;
using System.Text.RegularExpressions;

namespace UnionOne.Tests.Infrastructure;

/// <summary>Drives server-rendered forms over plain HTTP: fetch the page, take its antiforgery token, post a named form.</summary>
public static partial class PageForms
{
    /// <summary>The antiforgery token of the first form on a page (attribute order does not matter).</summary>
    public static string AntiforgeryToken(string html)
    {
        var input = AntiforgeryInput().Match(html);
        if (!input.Success) throw new InvalidOperationException("No antiforgery token on the page:\n" + html[..Math.Min(html.Length, 2000)]);
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    /// <summary>GETs the page (failing loudly when it does not answer 2xx) and posts the named form with the given fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        if (!page.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url} answered {(int)page.StatusCode}:\n{html}");
        return await client.PostFormWithTokenAsync(url, formName, AntiforgeryToken(html), fields.Select(f => (f.Key, f.Value)).ToArray());
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName, params (string Name, string Value)[] fields) =>
        client.PostFormAsync(url, formName, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Posts with a token already taken from a page (for multi-step flows); no handler for plain forms.</summary>
    public static Task<HttpResponseMessage> PostFormWithTokenAsync(this HttpClient client, string url, string? handler, string token, params (string Name, string Value)[] fields)
    {
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        if (handler is not null) values.Add(new("_handler", handler));
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
