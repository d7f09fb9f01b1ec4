using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Organisations;

public sealed class TreeChangeTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private OrgTree tree = null!;

    public async Task InitializeAsync() => tree = await OrgTree.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long[]> AddMembersAsync(long unionId, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++) ids[i] = (await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber("331002"), MemberTestData.Phone(), tags: ["工匠"])).Id;
        return ids;
    }

    [Fact]
    public async Task Merging_two_grassroots_unions_moves_every_member_with_history_and_closes_the_source()
    {
        var source = await app.CreateUnionAsync("并入前机械厂工会", UnionLevel.Grassroots, tree.FederationA, "331002");
        var target = await app.CreateUnionAsync("并入后机械集团工会", UnionLevel.Grassroots, tree.FederationA, "331002");
        var members = await AddMembersAsync(source, 3);

        var response = await (await app.StaffApiAsync(tree.DistrictAChair)).PostAsJsonAsync($"/api/v1/unions/{source}/merge", new { intoUnionId = target });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("membersMoved").GetInt32().ShouldBe(3);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @target and id = any(@members) and '工匠' = any(tags)", new { target, members })).ShouldBe(3);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.membership_events where member_id = any(@members) and to_union_id = @target", new { members, target })).ShouldBe(3);
        (await conn.ExecuteScalarAsync<short>("select status from org.unions where id = @source", new { source })).ShouldBe((short)UnionStatus.Merged);
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'union.merged' and subject_id = @s", new { s = source.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }

    [Fact]
    public async Task Merging_across_levels_or_into_itself_is_refused_and_changes_nothing()
    {
        var source = await app.CreateUnionAsync("待合并工会", UnionLevel.Grassroots, tree.FederationA, "331002");
        var members = await AddMembersAsync(source, 1);
        var client = await app.StaffApiAsync(tree.DistrictAChair);
        (await client.PostAsJsonAsync($"/api/v1/unions/{source}/merge", new { intoUnionId = tree.FederationA })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/unions/{source}/merge", new { intoUnionId = source })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/unions/{source}/merge", new { intoUnionId = tree.FactoryB })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select union_id from members.members where id = @m", new { m = members[0] })).ShouldBe(source);
        (await conn.ExecuteScalarAsync<short>("select status from org.unions where id = @source", new { source })).ShouldBe((short)UnionStatus.Active);
    }

    [Fact]
    public async Task Deregistering_moves_members_to_the_parent_and_keeps_the_union_for_history()
    {
        var shop = await app.CreateUnionAsync("将注销的小店工会", UnionLevel.Grassroots, tree.FederationA, "331002");
        var members = await AddMembersAsync(shop, 2);
        var client = await app.StaffApiAsync(tree.DistrictAChair);

        var noReason = await client.PostAsJsonAsync($"/api/v1/unions/{shop}/deregister", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var response = await client.PostAsJsonAsync($"/api/v1/unions/{shop}/deregister", new { reason = "企业关停" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where id = any(@members) and union_id = @fed", new { members, fed = tree.FederationA })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<short>("select status from org.unions where id = @shop", new { shop })).ShouldBe((short)UnionStatus.Deregistered);
        (await client.GetAsync($"/api/v1/unions/{shop}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_union_with_active_sub_unions_cannot_be_deregistered()
    {
        var response = await (await app.StaffApiAsync(tree.DistrictAChair)).PostAsJsonAsync($"/api/v1/unions/{tree.FederationA}/deregister", new { reason = "撤并" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("下级工会");
    }

    [Fact]
    public async Task Coverage_sums_members_and_reported_employees_up_the_tree()
    {
        var fed = await app.CreateUnionAsync("覆盖率测试联合会", UnionLevel.Federation, tree.DistrictB, "331003", "park-federation");
        var one = await app.CreateUnionAsync("覆盖率一厂工会", UnionLevel.Grassroots, fed, "331003", employees: 10);
        var two = await app.CreateUnionAsync("覆盖率二厂工会", UnionLevel.Grassroots, fed, "331003", employees: 30);
        await AddMembersAsync(one, 4);
        await AddMembersAsync(two, 6);
        await app.InsertMemberAsync(two, MemberTestData.Name(), MemberTestData.IdNumber("331003"), MemberTestData.Phone(), status: Modules.Members.Contracts.MemberStatus.Left);

        var report = JsonDocument.Parse(await (await app.StaffApiAsync(tree.DistrictBChair)).GetStringAsync($"/api/v1/unions/{fed}/coverage")).RootElement;
        var total = report.GetProperty("total");
        total.GetProperty("unions").GetInt32().ShouldBe(3);
        total.GetProperty("grassrootsUnions").GetInt32().ShouldBe(2);
        total.GetProperty("activeMembers").GetInt64().ShouldBe(10);
        total.GetProperty("employeesReported").GetInt64().ShouldBe(40);
        total.GetProperty("memberShare").GetDecimal().ShouldBe(0.25m);
        report.GetProperty("children").GetArrayLength().ShouldBe(2);
    }
}
