using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class ApprovalTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private async Task<(long RequestId, string Phone, string IdNumber)> FileAsync(long unionId, string name = "陈建国")
    {
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber();
        var response = await app.JoinAsync(phone, new { name, idNumber, phone, jobType = "企业职工", employerName = "甲区机械厂", joinCode = await app.JoinCodeAsync(unionId) });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.JsonAsync()).GetProperty("id").GetInt64(), phone, idNumber);
    }

    [Fact]
    public async Task Approving_creates_the_member_with_a_joined_event_and_an_audit_entry()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (requestId, phone, idNumber) = await FileAsync(world.FactoryA);
        var staff = await app.StaffApiAsync(world.OfficerA);

        var pending = await (await staff.GetAsync($"/api/v1/join-requests?status=pending&unionId={world.FactoryA}")).JsonAsync();
        pending.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ShouldContain(requestId);
        pending.EnumerateArray().First(r => r.GetProperty("id").GetInt64() == requestId).GetProperty("idNumberMasked").GetString().ShouldBe(idNumber[..6] + "********" + idNumber[^4..]);

        var response = await staff.PostAsync($"/api/v1/join-requests/{requestId}/approve", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + app.Errors);
        var approved = await response.JsonAsync();
        var memberId = approved.GetProperty("memberId").GetInt64();
        approved.GetProperty("memberNo").GetString()!.ShouldMatch("^M[0-9]{10}$");
        await using var conn = await app.OpenAsync();
        var member = await conn.QuerySingleAsync<(string Name, long UnionId, short Status, string Gender, bool Pool)>(
            "select name, union_id, status, gender, in_holding_pool from members.members where id = @memberId", new { memberId });
        member.ShouldBe(("陈建国", world.FactoryA, (short)1, "M", false));
        (await conn.ExecuteScalarAsync<string>("select kind from members.membership_events where member_id = @memberId", new { memberId })).ShouldBe("joined");
        (await conn.QuerySingleAsync<(short, long)>("select status, member_id from members.join_requests where id = @requestId", new { requestId })).ShouldBe(((short)2, memberId));
        (await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit.entries where action = @action and subject_id = @subject and actor_kind = 'staff' and actor_id = @staff",
            new { action = AuditActions.JoinApproved, subject = memberId.ToString(), staff = world.OfficerA })).ShouldBe(1);

        // The member finds it in "my requests" with the member number.
        var mine = await (await app.MemberApi(phone).GetAsync("/api/v1/me/join-requests")).JsonAsync();
        mine[0].GetProperty("status").GetString().ShouldBe("approved");
        mine[0].GetProperty("memberNo").GetString().ShouldBe(approved.GetProperty("memberNo").GetString());

        // Deciding twice is a conflict.
        (await staff.PostAsync($"/api/v1/join-requests/{requestId}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_the_worker_sees_it()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (requestId, phone, _) = await FileAsync(world.FactoryA);
        var staff = await app.StaffApiAsync(world.OfficerA);

        var noReason = await staff.PostAsJsonAsync($"/api/v1/join-requests/{requestId}/reject", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.JsonAsync()).GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("请填写原因");
        (await app.CountAsync("select status from members.join_requests where id = @requestId", new { requestId })).ShouldBe(1);

        var response = await staff.PostAsJsonAsync($"/api/v1/join-requests/{requestId}/reject", new { reason = "非本单位职工" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());

        var mine = await (await app.MemberApi(phone).GetAsync("/api/v1/me/join-requests")).JsonAsync();
        mine[0].GetProperty("status").GetString().ShouldBe("rejected");
        mine[0].GetProperty("rejectionReason").GetString().ShouldBe("非本单位职工");
        (await app.CountAsync("select count(*) from audit.entries where action = @a and subject_id = @s", new { a = AuditActions.JoinRejected, s = requestId.ToString() })).ShouldBe(1);
        (await app.CountAsync("select count(*) from members.members where phone_hash is not null and name = '陈建国' and union_id = @u", new { u = world.FactoryA })).ShouldBe(0);
    }

    [Fact]
    public async Task Staff_of_another_district_get_404_and_a_viewer_gets_403()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (requestId, _, _) = await FileAsync(world.FactoryA);

        var otherDistrict = await app.StaffApiAsync(world.OfficerB);
        (await otherDistrict.PostAsync($"/api/v1/join-requests/{requestId}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherDistrict.PostAsJsonAsync($"/api/v1/join-requests/{requestId}/reject", new { reason = "不认识" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = await (await otherDistrict.GetAsync("/api/v1/join-requests?status=pending")).JsonAsync();
        listed.EnumerateArray().ShouldNotContain(r => r.GetProperty("id").GetInt64() == requestId);
        (await otherDistrict.GetAsync($"/api/v1/join-requests?unionId={world.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var viewer = await app.StaffApiAsync(world.ViewerA);
        var denied = await viewer.PostAsync($"/api/v1/join-requests/{requestId}/approve", null);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.JsonAsync()).GetProperty("detail").GetString().ShouldBe("您的角色无权执行此操作");

        (await app.CountAsync("select status from members.join_requests where id = @requestId", new { requestId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from members.members where union_id = @u", new { u = world.FactoryA })).ShouldBe(0);
    }

    [Fact]
    public async Task A_city_officer_approves_a_holding_pool_request_and_the_member_lands_in_the_pool()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var filed = await app.JoinAsync(phone, new { name = "马骑手", idNumber = MemberTestData.IdNumber(), phone, jobType = "rider", employerName = "某外卖平台", regionCode = world.RegionA });
        var requestId = (await filed.JsonAsync()).GetProperty("id").GetInt64();

        var response = await (await app.StaffApiAsync(world.CityOfficer)).PostAsync($"/api/v1/join-requests/{requestId}/approve", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var memberId = (await response.JsonAsync()).GetProperty("memberId").GetInt64();
        await using var conn = await app.OpenAsync();
        (await conn.QuerySingleAsync<(long, bool, short)>("select union_id, in_holding_pool, job_type from members.members where id = @memberId", new { memberId }))
            .ShouldBe((world.RidersA, true, (short)10));
    }

    [Fact]
    public async Task A_member_who_joined_elsewhere_meanwhile_cannot_be_approved_twice()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (requestId, _, idNumber) = await FileAsync(world.FactoryA, "刘洋");
        await app.InsertMemberAsync(world.SchoolB, "刘洋", idNumber, MemberTestData.Phone());

        var response = await (await app.StaffApiAsync(world.OfficerA)).PostAsync($"/api/v1/join-requests/{requestId}/approve", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.JsonAsync()).GetProperty("detail").GetString()!.ShouldStartWith("该身份证号已是「");
        (await app.CountAsync("select status from members.join_requests where id = @requestId", new { requestId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from audit.entries where action = @a", new { a = AuditActions.JoinApproved })).ShouldBe(
            await app.CountAsync("select count(*) from members.join_requests where status = 2"));
    }

    [Fact]
    public async Task A_former_member_rejoins_on_the_same_record_with_history_kept()
    {
        var world = await MemberWorld.CreateAsync(app);
        var idNumber = MemberTestData.IdNumber();
        var (oldId, memberNo) = await app.InsertMemberAsync(world.SchoolB, "胡静", idNumber, MemberTestData.Phone(), status: UnionOne.Modules.Members.Contracts.MemberStatus.Left);
        var phone = MemberTestData.Phone();
        var filed = await app.JoinAsync(phone, new { name = "胡静", idNumber, phone, jobType = "教师", joinCode = await app.JoinCodeAsync(world.FactoryA) });
        filed.StatusCode.ShouldBe(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());

        var approved = await (await (await app.StaffApiAsync(world.OfficerA)).PostAsync($"/api/v1/join-requests/{(await filed.JsonAsync()).GetProperty("id").GetInt64()}/approve", null)).JsonAsync();

        approved.GetProperty("memberId").GetInt64().ShouldBe(oldId);
        approved.GetProperty("memberNo").GetString().ShouldBe(memberNo);
        (await app.CountAsync("select count(*) from members.members where id = @oldId and status = 1 and union_id = @u", new { oldId, u = world.FactoryA })).ShouldBe(1);
        (await app.CountAsync("select count(*) from members.membership_events where member_id = @oldId and kind = 'rejoined'", new { oldId })).ShouldBe(1);
    }
}
