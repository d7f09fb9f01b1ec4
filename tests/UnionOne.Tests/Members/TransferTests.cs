using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class TransferTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task New_union_requests_old_union_releases_new_union_accepts_and_history_and_tags_travel()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, "郑强", MemberTestData.IdNumber(), MemberTestData.Phone(), tags: ["劳模", "工匠"]);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("insert into members.membership_events (member_id, kind, to_union_id) values (@memberId, 'joined', @u)", new { memberId, u = world.FactoryA });
        var newSide = await app.StaffApiAsync(world.OfficerB);
        var oldSide = await app.StaffApiAsync(world.OfficerA);

        // The school's officer (district B) asks for the member by number and name.
        var created = await newSide.PostAsJsonAsync("/api/v1/transfers", new { memberNo, memberName = "郑强", toUnionId = world.SchoolB, reason = "调入本校工作" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + app.Errors);
        var transfer = await created.JsonAsync();
        var id = transfer.GetProperty("id").GetInt64();
        transfer.GetProperty("status").GetString().ShouldBe("requested");

        // The new side cannot accept before release, nor release for the old side.
        (await newSide.PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await newSide.PostAsync($"/api/v1/transfers/{id}/release", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var incoming = await (await oldSide.GetAsync("/api/v1/transfers?direction=out")).JsonAsync();
        incoming.EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id).GetProperty("canRelease").GetBoolean().ShouldBeTrue();
        (await oldSide.PostAsync($"/api/v1/transfers/{id}/release", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var accepted = await newSide.PostAsync($"/api/v1/transfers/{id}/accept", null);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        (await accepted.JsonAsync()).GetProperty("status").GetString().ShouldBe("accepted");

        await using var db = await app.OpenAsync();
        var member = await db.QuerySingleAsync<(long UnionId, string[] Tags, string MemberNo)>("select union_id, tags, member_no from members.members where id = @memberId", new { memberId });
        member.UnionId.ShouldBe(world.SchoolB);
        member.Tags.ShouldBe(["劳模", "工匠"]);
        member.MemberNo.ShouldBe(memberNo);
        (await db.QueryAsync<string>("select kind from members.membership_events where member_id = @memberId order by id", new { memberId }))
            .ShouldBe(["joined", "transferred_out", "transferred_in"]);
        (await db.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = @a", new { a = AuditActions.TransferReleased })).ShouldBe(1);
        (await db.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = @a and subject_id = @s", new { a = AuditActions.TransferAccepted, s = memberId.ToString() })).ShouldBe(1);

        // Now the member is district B's: district A no longer sees them, district B does, with the whole history.
        (await oldSide.GetAsync($"/api/v1/members/{memberId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var detail = await (await newSide.GetAsync($"/api/v1/members/{memberId}")).JsonAsync();
        detail.GetProperty("history").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Old_union_proposes_to_a_join_code_and_the_target_accepts()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "冯娟", MemberTestData.IdNumber(male: false), MemberTestData.Phone());
        var oldSide = await app.StaffApiAsync(world.OfficerA);

        var created = await oldSide.PostAsJsonAsync("/api/v1/transfers", new { memberId, toJoinCode = await app.JoinCodeAsync(world.SchoolB) });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var transfer = await created.JsonAsync();
        transfer.GetProperty("status").GetString().ShouldBe("released");
        var id = transfer.GetProperty("id").GetInt64();

        // One open transfer per member.
        var second = await oldSide.PostAsJsonAsync("/api/v1/transfers", new { memberId, toUnionId = world.RidersA });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.JsonAsync()).GetProperty("detail").GetString().ShouldBe("该会员已有进行中的会籍转移");

        (await (await app.StaffApiAsync(world.OfficerB)).PostAsync($"/api/v1/transfers/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CountAsync("select union_id from members.members where id = @memberId", new { memberId })).ShouldBe(world.SchoolB);
    }

    [Fact]
    public async Task Either_side_may_refuse_with_a_reason_and_the_member_stays()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, "蒋磊", MemberTestData.IdNumber(), MemberTestData.Phone());
        var created = await (await app.StaffApiAsync(world.OfficerB)).PostAsJsonAsync("/api/v1/transfers", new { memberNo, memberName = "蒋磊", toUnionId = world.SchoolB });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        var oldSide = await app.StaffApiAsync(world.OfficerA);

        (await oldSide.PostAsJsonAsync($"/api/v1/transfers/{id}/reject", new { reason = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rejected = await oldSide.PostAsJsonAsync($"/api/v1/transfers/{id}/reject", new { reason = "劳动合同尚未解除" });

        rejected.StatusCode.ShouldBe(HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());
        var body = await rejected.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("rejected");
        body.GetProperty("closedReason").GetString().ShouldBe("劳动合同尚未解除");
        (await app.CountAsync("select union_id from members.members where id = @memberId", new { memberId })).ShouldBe(world.FactoryA);
        // Closed: a new transfer may be started.
        (await (await app.StaffApiAsync(world.OfficerB)).PostAsJsonAsync("/api/v1/transfers", new { memberNo, memberName = "蒋磊", toUnionId = world.SchoolB }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_new_union_must_know_the_name_and_outsiders_see_nothing()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, "沈杰", MemberTestData.IdNumber(), MemberTestData.Phone());
        var newSide = await app.StaffApiAsync(world.OfficerB);

        var wrongName = await newSide.PostAsJsonAsync("/api/v1/transfers", new { memberNo, memberName = "沈洁", toUnionId = world.SchoolB });
        wrongName.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var byId = await newSide.PostAsJsonAsync("/api/v1/transfers", new { memberId, toUnionId = world.SchoolB });
        byId.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A union outside the caller's subtree cannot be the target of their request either.
        var elsewhere = await newSide.PostAsJsonAsync("/api/v1/transfers", new { memberNo, memberName = "沈杰", toUnionId = world.RidersA });
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from members.transfers where member_id = @memberId", new { memberId })).ShouldBe(0);
    }
}
