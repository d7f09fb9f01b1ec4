using System.Net;
using System.Text.Json;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

public sealed class PlatformTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Health_is_ok_when_database_answers_and_schema_is_current()
    {
        var response = await app.CreateClient().GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("Healthy");
    }

    [Fact]
    public async Task Health_is_unhealthy_when_a_migration_is_missing()
    {
        await using var conn = await app.OpenAsync();
        var row = await conn.QuerySingleAsync<(string Id, string Checksum)>("select id, checksum from platform.schema_migrations order by id desc limit 1");
        await conn.ExecuteAsync("delete from platform.schema_migrations where id = @Id", new { row.Id });
        try
        {
            var response = await app.CreateClient().GetAsync("/health");
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Unhealthy");
        }
        finally
        {
            await conn.ExecuteAsync("insert into platform.schema_migrations (id, checksum) values (@Id, @Checksum)", new { row.Id, row.Checksum });
        }
        (await app.CreateClient().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_document_describes_api_v1()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("paths").EnumerateObject().ShouldContain(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_api_route_answers_problem_details_in_chinese()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/no-such-thing");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        JsonDocument.Parse(body).RootElement.GetProperty("title").GetString().ShouldBe("未找到");
    }

    [Fact]
    public async Task Api_speaks_english_when_asked()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await app.CreateClient().SendAsync(request);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString().ShouldBe("Not found");
    }

    [Fact]
    public async Task Home_page_is_chinese_and_switches_to_english()
    {
        var client = app.CreateBrowserLikeClient();
        (await client.GetStringAsync("/")).ShouldContain("工会一码通");
        var switched = await client.GetAsync("/culture/en?returnUrl=/");
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetStringAsync("/")).ShouldContain("One member code for every union service.");
    }

    [Fact]
    public async Task Security_headers_are_sent()
    {
        var response = await app.CreateClient().GetAsync("/");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }
}
