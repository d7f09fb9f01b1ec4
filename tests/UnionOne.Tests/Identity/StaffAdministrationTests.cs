using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

public sealed class StaffAdministrationTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private const string Password = "Gonghui2026pw";

    private sealed record Tree(long City, long DistrictA, long DistrictB, long GrassrootsA, long GrassrootsB);

    private async Task<Tree> TreeAsync()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City, regionCode: "330100");
        var a = await app.CreateUnionAsync(TestActors.Unique("甲区总工会"), UnionLevel.County, city, "330102");
        var b = await app.CreateUnionAsync(TestActors.Unique("乙区总工会"), UnionLevel.County, city, "330105");
        var ga = await app.CreateUnionAsync(TestActors.Unique("甲厂工会"), UnionLevel.Grassroots, a, "330102");
        var gb = await app.CreateUnionAsync(TestActors.Unique("乙厂工会"), UnionLevel.Grassroots, b, "330105");
        return new Tree(city, a, b, ga, gb);
    }

    private async Task<IReadOnlyList<(long UnionId, short Role)>> RolesAsync(long staffId)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.QueryAsync<(long, short)>("select union_id, role from identity.staff_roles where staff_id = @staffId order by union_id", new { staffId })).AsList();
    }

    [Fact]
    public async Task A_district_chair_cannot_grant_a_role_in_another_district()
    {
        var t = await TreeAsync();
        var chairA = await app.CreateStaffAsync(TestActors.Unique("chairA"), Password, (t.DistrictA, StaffRole.Chair));
        var officerA = await app.CreateStaffAsync(TestActors.Unique("officerA"), Password, (t.GrassrootsA, StaffRole.Officer));
        var client = await app.StaffApiAsync(chairA);

        var put = await client.PutAsJsonAsync($"/api/v1/staff/{officerA}/roles/{t.GrassrootsB}", new { role = "officer" });
        var create = await client.PostAsJsonAsync("/api/v1/staff",
            new { userName = TestActors.Unique("newb"), displayName = "李四", password = Password, unionId = t.DistrictB, role = "officer" });
        var delete = await client.DeleteAsync($"/api/v1/staff/{officerA}/roles/{t.GrassrootsB}");

        put.StatusCode.ShouldBe(HttpStatusCode.NotFound, app.Errors);
        (await put.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("未找到该工会");
        create.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        delete.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RolesAsync(officerA)).ShouldBe([(t.GrassrootsA, (short)StaffRole.Officer)]);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from identity.staff_users where display_name = '李四'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_chair_creates_staff_in_the_subtree_who_can_then_sign_in_and_is_listed()
    {
        var t = await TreeAsync();
        var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), Password, (t.DistrictA, StaffRole.Chair));
        var client = await app.StaffApiAsync(chair);
        var userName = TestActors.Unique("jingban");

        var created = await client.PostAsJsonAsync("/api/v1/staff",
            new { userName, displayName = "张三", password = "Chushi2026mima", unionId = t.GrassrootsA, role = "officer" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + app.Errors);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        (await RolesAsync(id)).ShouldBe([(t.GrassrootsA, (short)StaffRole.Officer)]);
        await (await app.StaffTokenAsync(userName, "Chushi2026mima")).ReadTokenAsync();

        var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/staff")).RootElement;
        var item = list.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id);
        item.GetProperty("userName").GetString().ShouldBe(userName);
        item.GetProperty("roles")[0].GetProperty("role").GetString().ShouldBe("officer");
        list.EnumerateArray().ShouldContain(e => e.GetProperty("id").GetInt64() == chair);

        // Staff of district B do not see the new account.
        var chairB = await app.CreateStaffAsync(TestActors.Unique("chairB"), Password, (t.DistrictB, StaffRole.Chair));
        var listB = JsonDocument.Parse(await (await app.StaffApiAsync(chairB)).GetStringAsync("/api/v1/staff")).RootElement;
        listB.EnumerateArray().ShouldNotContain(e => e.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task Roles_are_granted_changed_and_revoked_within_the_subtree()
    {
        var t = await TreeAsync();
        var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), Password, (t.City, StaffRole.Chair));
        var staff = await app.CreateStaffAsync(TestActors.Unique("s"), Password, (t.GrassrootsA, StaffRole.Viewer));
        var client = await app.StaffApiAsync(chair);

        (await client.PutAsJsonAsync($"/api/v1/staff/{staff}/roles/{t.GrassrootsA}", new { role = "officer" })).StatusCode.ShouldBe(HttpStatusCode.NoContent, app.Errors);
        (await client.PutAsJsonAsync($"/api/v1/staff/{staff}/roles/{t.DistrictB}", new { role = "viceChair" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await RolesAsync(staff)).ShouldBe([(t.DistrictB, (short)StaffRole.ViceChair), (t.GrassrootsA, (short)StaffRole.Officer)], ignoreOrder: true);

        (await client.DeleteAsync($"/api/v1/staff/{staff}/roles/{t.GrassrootsA}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await RolesAsync(staff)).ShouldBe([(t.DistrictB, (short)StaffRole.ViceChair)]);
        (await client.DeleteAsync($"/api/v1/staff/{staff}/roles/{t.GrassrootsA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action in ('staff.role-granted', 'staff.role-revoked') and subject_id = @id",
            new { id = staff.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(3);
    }

    [Fact]
    public async Task A_vice_chair_cannot_grant_a_chair_nor_change_their_own_roles()
    {
        var t = await TreeAsync();
        var vice = await app.CreateStaffAsync(TestActors.Unique("vice"), Password, (t.DistrictA, StaffRole.ViceChair));
        var staff = await app.CreateStaffAsync(TestActors.Unique("s"), Password, (t.GrassrootsA, StaffRole.Officer));
        var client = await app.StaffApiAsync(vice);

        var chair = await client.PutAsJsonAsync($"/api/v1/staff/{staff}/roles/{t.GrassrootsA}", new { role = "chair" });
        chair.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await chair.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("不能授予或变更高于本人的角色");
        var self = await client.PutAsJsonAsync($"/api/v1/staff/{vice}/roles/{t.GrassrootsA}", new { role = "officer" });
        self.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await RolesAsync(staff)).ShouldBe([(t.GrassrootsA, (short)StaffRole.Officer)]);
        (await RolesAsync(vice)).ShouldBe([(t.DistrictA, (short)StaffRole.ViceChair)]);
    }

    [Fact]
    public async Task An_officer_may_not_administer_staff()
    {
        var t = await TreeAsync();
        var officer = await app.CreateStaffAsync(TestActors.Unique("o"), Password, (t.DistrictA, StaffRole.Officer));
        var response = await (await app.StaffApiAsync(officer)).GetAsync("/api/v1/staff");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync("/api/v1/staff")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Creating_staff_with_bad_fields_gives_field_errors_and_creates_nothing()
    {
        var t = await TreeAsync();
        var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), Password, (t.DistrictA, StaffRole.Chair));
        var client = await app.StaffApiAsync(chair);

        var response = await client.PostAsJsonAsync("/api/v1/staff",
            new { userName = "a b", displayName = "<script>", password = "short", unionId = t.GrassrootsA, role = "officer" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.FieldError("userName").ShouldContain("用户名须为3-32位");
        problem.FieldError("displayName").ShouldNotBeNullOrEmpty();
        problem.FieldError("password").ShouldBe("密码至少需要10个字符");

        var existing = TestActors.Unique("dup");
        await app.CreateStaffAsync(existing, Password, (t.GrassrootsA, StaffRole.Viewer));
        var duplicate = await client.PostAsJsonAsync("/api/v1/staff",
            new { userName = existing.ToUpperInvariant(), displayName = "王五", password = Password, unionId = t.GrassrootsA, role = "viewer" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.ReadProblemAsync()).FieldError("userName").ShouldContain("已被使用");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from identity.staff_users where display_name in ('王五', '<script>')")).ShouldBe(0);
    }

    [Fact]
    public async Task The_staff_page_lists_the_subtree_and_creates_an_account_that_must_change_its_password()
    {
        var t = await TreeAsync();
        var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), Password, (t.DistrictA, StaffRole.Chair));
        var inA = TestActors.Unique("ina");
        var inB = TestActors.Unique("inb");
        await app.CreateStaffAsync(inA, Password, (t.GrassrootsA, StaffRole.Officer));
        await app.CreateStaffAsync(inB, Password, (t.GrassrootsB, StaffRole.Officer));
        var browser = await app.StaffPagesAsync(chair);

        var page = await browser.GetStringAsync("/console/staff");
        page.ShouldContain(inA);
        page.ShouldNotContain(inB);

        var userName = TestActors.Unique("newpage");
        var created = await browser.PostFormAsync("/console/staff", "create-staff",
            ("Form.UserName", userName), ("Form.DisplayName", "赵六"), ("Form.Password", "Chushi2026mima"),
            ("Form.UnionId", t.GrassrootsA.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Role", "Officer"));

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync() + app.Errors);
        created.RedirectPath().ShouldBe("/console/staff?created=1");
        await using (var conn = await app.OpenAsync())
            (await conn.QuerySingleAsync<bool>("select must_change_password from identity.staff_users where user_name = @userName", new { userName })).ShouldBeTrue();
        var newcomer = app.CreateBrowserLikeClient();
        var signIn = await newcomer.PostFormAsync("/console/sign-in?returnUrl=%2Fconsole%2Funions", "staff-sign-in", ("Form.UserName", userName), ("Form.Password", "Chushi2026mima"));
        signIn.RedirectPath().ShouldBe("/console/account?initial=1");
        (await newcomer.GetStringAsync("/console/account?initial=1")).ShouldContain("您正在使用初始密码，请先修改密码。");
    }

    [Fact]
    public async Task The_staff_page_refuses_a_union_outside_the_subtree_and_creates_nothing()
    {
        var t = await TreeAsync();
        var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), Password, (t.DistrictA, StaffRole.Chair));
        var browser = await app.StaffPagesAsync(chair);
        var userName = TestActors.Unique("outside");

        var response = await browser.PostFormAsync("/console/staff", "create-staff",
            ("Form.UserName", userName), ("Form.DisplayName", "钱七"), ("Form.Password", "Chushi2026mima"),
            ("Form.UnionId", t.GrassrootsB.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Role", "Officer"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("未找到该工会");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from identity.staff_users where user_name = @userName", new { userName })).ShouldBe(0);
    }

    [Fact]
    public async Task The_staff_page_tells_an_officer_that_administration_needs_a_chair()
    {
        var t = await TreeAsync();
        var officer = await app.CreateStaffAsync(TestActors.Unique("o"), Password, (t.DistrictA, StaffRole.Officer));
        var html = await (await app.StaffPagesAsync(officer)).GetStringAsync("/console/staff");
        html.ShouldContain("需要主席或副主席角色才能管理工作人员");
        html.ShouldNotContain("create-staff");
    }
}
