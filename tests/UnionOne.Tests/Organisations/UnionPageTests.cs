using System.Net;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Organisations;

public sealed class UnionPageTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private OrgTree tree = null!;

    public async Task InitializeAsync() => tree = await OrgTree.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Console_requires_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync($"/console/unions/{tree.DistrictA}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/console/sign-in");
    }

    [Fact]
    public async Task Union_page_shows_lineage_children_and_join_qr()
    {
        var client = await app.StaffPagesAsync(tree.DistrictAChair);
        var html = await client.GetStringAsync($"/console/unions/{tree.FederationA}");
        html.ShouldContain("台州市总工会");
        html.ShouldContain("台州海正机械有限公司工会");
        html.ShouldContain("/qr/join/");
    }

    [Fact]
    public async Task A_union_of_another_district_is_not_found_on_the_page_too()
    {
        var client = await app.StaffPagesAsync(tree.DistrictBChair);
        var response = await client.GetAsync($"/console/unions/{tree.FactoryA}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("台州海正机械有限公司工会");
    }

    [Fact]
    public async Task Creating_a_union_with_a_bad_credit_code_shows_the_error_inline_and_creates_nothing()
    {
        var client = await app.StaffPagesAsync(tree.DistrictAChair);
        await using var conn = await app.OpenAsync();
        var before = await conn.ExecuteScalarAsync<long>("select count(*) from org.unions");
        var response = await client.PostFormAsync($"/console/unions/{tree.FederationA}", "create-union",
            ("Create.Name", "页面新建测试工会"), ("Create.Level", "Grassroots"), ("Create.Kind", "enterprise"),
            ("Create.CreditCode", "91350100M000100Y44"), ("Create.RegionCode", "331002"), ("Create.EmployeesReported", "10"));
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("校验位错误", customMessage: html.Length > 3000 ? html[..3000] : html);
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions")).ShouldBe(before);
    }

    [Fact]
    public async Task Creating_a_valid_union_from_the_page_redirects_to_it()
    {
        var client = await app.StaffPagesAsync(tree.DistrictAChair);
        var response = await client.PostFormAsync($"/console/unions/{tree.FederationA}", "create-union",
            ("Create.Name", "页面新建的模具厂工会"), ("Create.Level", "Grassroots"), ("Create.Kind", "enterprise"),
            ("Create.CreditCode", OrgTree.CreditCode()), ("Create.RegionCode", "331002"), ("Create.EmployeesReported", "35"));
        var body = await response.Content.ReadAsStringAsync();
        var text = System.Text.RegularExpressions.Regex.Replace(body, "<[^>]+>", " ");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, text[..Math.Min(4000, text.Length)]);
        response.Headers.Location!.ToString().ShouldMatch(@"/console/unions/\d+$");
        (await client.GetStringAsync(response.Headers.Location!.ToString())).ShouldContain("页面新建的模具厂工会");
    }

    [Fact]
    public async Task Union_page_switches_to_english()
    {
        var client = await app.StaffPagesAsync(tree.DistrictAChair);
        (await client.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await client.GetStringAsync($"/console/unions/{tree.FederationA}");
        html.ShouldContain("Sub-unions");
        html.ShouldContain("Township, street, park or industry federation");
    }
}
