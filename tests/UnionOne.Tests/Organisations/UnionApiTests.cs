using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Organisations;

public sealed class UnionApiTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private OrgTree tree = null!;

    public async Task InitializeAsync() => tree = await OrgTree.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Grassroots(long parentId, string name, string? creditCode = null) => new
    {
        name, level = "grassroots", parentId, kind = "enterprise", regionCode = "331002", creditCode = creditCode ?? OrgTree.CreditCode(),
        address = "台州市椒江区海门街道1号", contactName = "王芳", contactPhone = "13912345678", foundedOn = "2020-05-01", employeesReported = 150,
    };

    private async Task<long> CountUnionsAsync()
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from org.unions");
    }

    [Fact]
    public async Task District_chair_creates_a_grassroots_union_with_a_join_code_and_masked_contact_phone()
    {
        var client = await app.StaffApiAsync(tree.DistrictAChair);
        var response = await client.PostAsJsonAsync("/api/v1/unions", Grassroots(tree.FederationA, "台州新能源电池有限公司工会"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/unions/{id}")).RootElement;
        detail.GetProperty("name").GetString().ShouldBe("台州新能源电池有限公司工会");
        detail.GetProperty("contactPhoneMasked").GetString().ShouldBe("139****5678");
        detail.GetProperty("joinCode").GetString()!.Length.ShouldBe(8);
        detail.GetProperty("lineage").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldBe(["台州市总工会", "椒江区总工会", "海门街道工会联合会", "台州新能源电池有限公司工会"]);

        await using var conn = await app.OpenAsync();
        var stored = await conn.QuerySingleAsync<(byte[] Enc, string Path)>("select contact_phone_enc, path::text from org.unions where id = @id", new { id });
        System.Text.Encoding.UTF8.GetString(stored.Enc).ShouldNotContain("13912345678");
        stored.Path.ShouldBe($"{tree.City}.{tree.DistrictA}.{tree.FederationA}.{id}");
    }

    [Theory]
    [InlineData("creditCode", "91350100M000100Y44", "校验位")]
    [InlineData("name", "<script>alert(1)</script>工会", "特殊字符")]
    [InlineData("contactPhone", "1391234567", "联系电话")]
    [InlineData("regionCode", "99000", "行政区划")]
    public async Task Bad_input_gets_a_chinese_field_error_and_creates_nothing(string field, string value, string message)
    {
        var before = await CountUnionsAsync();
        var body = JsonSerializer.SerializeToNode(Grassroots(tree.FederationA, "某某工会"))!.AsObject();
        body[field] = value;
        var response = await (await app.StaffApiAsync(tree.DistrictAChair)).PostAsJsonAsync("/api/v1/unions", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldContain(message);
        (await CountUnionsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Same_employer_cannot_have_two_active_unions()
    {
        var client = await app.StaffApiAsync(tree.DistrictAChair);
        var code = OrgTree.CreditCode();
        (await client.PostAsJsonAsync("/api/v1/unions", Grassroots(tree.FederationA, "甲公司工会", code))).StatusCode.ShouldBe(HttpStatusCode.Created, app.Errors);
        var second = await client.PostAsJsonAsync("/api/v1/unions", Grassroots(tree.FederationA, "甲公司第二工会", code));
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).ShouldContain("已建立工会");
    }

    [Fact]
    public async Task Staff_of_district_b_cannot_see_or_change_district_a_and_get_404()
    {
        var b = await app.StaffApiAsync(tree.DistrictBChair);
        (await b.GetAsync($"/api/v1/unions/{tree.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostAsJsonAsync("/api/v1/unions", Grassroots(tree.FederationA, "越权新建工会"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.PostAsJsonAsync($"/api/v1/unions/{tree.FactoryB}/move", new { newParentId = tree.FederationA })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await b.GetAsync($"/api/v1/unions/{tree.FactoryB}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_viewer_may_read_but_not_administer()
    {
        var viewer = await app.StaffApiAsync(tree.DistrictAViewer);
        (await viewer.GetAsync($"/api/v1/unions/{tree.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        (await viewer.PostAsJsonAsync("/api/v1/unions", Grassroots(tree.FederationA, "只读用户新建"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Moving_a_union_under_its_own_descendant_is_refused_and_changes_nothing()
    {
        var city = await app.StaffApiAsync(tree.CityChair);
        var response = await city.PostAsJsonAsync($"/api/v1/unions/{tree.DistrictA}/move", new { newParentId = tree.FederationA });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("下级工会");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<string>("select path::text from org.unions where id = @id", new { id = tree.FederationA })).ShouldBe($"{tree.City}.{tree.DistrictA}.{tree.FederationA}");
    }

    [Fact]
    public async Task Moving_a_federation_moves_its_subtree_and_scopes_follow()
    {
        var fed = await app.CreateUnionAsync("临时园区工会联合会", Modules.Organisations.Contracts.UnionLevel.Federation, tree.DistrictA, "331002", "park-federation");
        var shop = await app.CreateUnionAsync("园区小店工会", Modules.Organisations.Contracts.UnionLevel.Grassroots, fed, "331002");
        var city = await app.StaffApiAsync(tree.CityChair);
        (await city.PostAsJsonAsync($"/api/v1/unions/{fed}/move", new { newParentId = tree.DistrictB })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<string>("select path::text from org.unions where id = @shop", new { shop })).ShouldBe($"{tree.City}.{tree.DistrictB}.{fed}.{shop}");
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.union_events where union_id = @fed and kind = 'moved'", new { fed })).ShouldBe(1);
        (await (await app.StaffApiAsync(tree.DistrictBChair)).GetAsync($"/api/v1/unions/{shop}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.StaffApiAsync(tree.DistrictAChair)).GetAsync($"/api/v1/unions/{shop}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_opposite_moves_at_once_never_make_a_cycle()
    {
        var x = await app.CreateUnionAsync("甲联合会", Modules.Organisations.Contracts.UnionLevel.Federation, tree.DistrictA, "331002", "park-federation");
        var y = await app.CreateUnionAsync("乙县工会", Modules.Organisations.Contracts.UnionLevel.County, tree.City, "331004", "federation");
        var z = await app.CreateUnionAsync("丙联合会", Modules.Organisations.Contracts.UnionLevel.Federation, y, "331004", "park-federation");
        var city = await app.StaffApiAsync(tree.CityChair);
        // y (county) under x would be level-invalid; instead race two moves that are each valid alone.
        var results = await Task.WhenAll(
            city.PostAsJsonAsync($"/api/v1/unions/{x}/move", new { newParentId = y }),
            city.PostAsJsonAsync($"/api/v1/unions/{z}/move", new { newParentId = tree.DistrictA }));
        results.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent);
        await using var conn = await app.OpenAsync();
        // Every path starts at the root and every node's path ends with its own id: no cycle, no orphan.
        var bad = await conn.ExecuteScalarAsync<long>("""
            select count(*) from org.unions u
            where subpath(u.path, nlevel(u.path) - 1)::text <> u.id::text
               or (u.parent_id is not null and u.path <> (select p.path from org.unions p where p.id = u.parent_id) || u.id::text)
            """);
        bad.ShouldBe(0);
    }

    [Fact]
    public async Task Join_qr_is_an_svg_for_an_active_union_and_404_otherwise()
    {
        var code = await app.JoinCodeAsync(tree.FactoryA);
        var response = await app.CreateClient().GetAsync($"/qr/join/{code}.svg");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("<svg");
        (await app.CreateClient().GetAsync("/qr/join/NOSUCH99.svg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_problem_details()
    {
        var response = await app.Anonymous().GetAsync($"/api/v1/unions/{tree.City}");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rule_messages_follow_the_callers_language()
    {
        var client = await app.StaffApiAsync(tree.CityChair);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/unions/{tree.DistrictA}/move") { Content = JsonContent.Create(new { newParentId = tree.FederationA }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()
            .ShouldBe("A union cannot be moved under itself or one of its sub-unions");
    }
}
