using System.Text.RegularExpressions;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

public sealed partial class StylesheetTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Theory]
    [InlineData(null)]
    [InlineData("gzip, deflate, br, zstd")]
    public async Task The_stylesheet_a_page_links_is_served_with_its_content(string? acceptEncoding)
    {
        var html = await app.CreateClient().GetStringAsync("/");
        var href = StylesheetLink().Match(html).Groups[1].Value;
        href.ShouldContain("site");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions());
        var request = new HttpRequestMessage(HttpMethod.Get, href);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var described = $"{href} answered {(int)response.StatusCode}, {bytes.Length} bytes, type {response.Content.Headers.ContentType}, encoding {string.Join(",", response.Content.Headers.ContentEncoding)}";
        bytes.Length.ShouldBeGreaterThan(1000, described);
        if (response.Content.Headers.ContentEncoding.Count > 0) return;
        var css = System.Text.Encoding.UTF8.GetString(bytes);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/css", described);
        css.ShouldContain(".gate-answer", customMessage: $"{href} answered {(int)response.StatusCode} with {css.Length} characters");
    }

    [GeneratedRegex("<link[^>]*href=\"([^\"]*site[^\"]*\\.css)\"")]
    private static partial Regex StylesheetLink();
}
