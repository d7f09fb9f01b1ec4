using System.Net;
using System.Text.RegularExpressions;

namespace UnionOne.Tests.Infrastructure;

/// <summary>Drives server-rendered forms over plain HTTP: fetch the page, take its antiforgery token, post a named form.</summary>
public static partial class PageForms
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var match = TokenField().Match(html);
        if (!match.Success) throw new InvalidOperationException($"No antiforgery token on {url}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts an EditForm (fields named "Model.Field" or plain names, as the page renders them).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync(url);
        var all = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", formName) };
        all.AddRange(fields);
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formName, params (string Name, string Value)[] fields) =>
        client.PostFormAsync(url, formName, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
