using System.Net;
using System.Net.Http.Json;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class EntryTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    [Fact]
    public async Task The_receipt_code_admits_once_and_only_in_the_members_slot()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var input = SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 2, capacity: 5);
        // Ten digits in the event's name too: the code must still be read from its own place in the SMS.
        input["name"] += "第0123456789场";
        var ev = await world.Officer.CreateEventAsync(input);
        var id = ev.GetProperty("id").GetInt64();
        var slot = ev.SlotIds()[0];
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        (await member.Api.ApplyAsync(id, slot)).StatusCode.ShouldBe(HttpStatusCode.Created);
        // At least this member's receipt: the other test of this class may have left a place holder's receipt pending.
        (await app.SendReceiptsAsync()).ShouldBeGreaterThanOrEqualTo(1);
        var code = await app.ReceiptCodeAsync(member.Phone);

        // Outside the slot (it starts in 3 days): refused, nothing used.
        (await (await Enter(id, code)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("不在入场时段");
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and entered_at is not null", new { id })).ShouldBe(0);

        await app.SlotNowAsync(slot);
        var admitted = await Enter(id, code);
        var view = await admitted.JsonAsync();
        admitted.StatusCode.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("maskedName").GetString()!.ShouldContain("*");
        view.GetProperty("memberNo").GetString().ShouldBe(member.MemberNo);

        // Used, and forged.
        (await (await Enter(id, code)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("该入场名额已使用");
        var forged = code == "0123456789" ? "9876543210" : "0123456789";
        (await (await Enter(id, forged)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("入场码无效");
        (await (await Enter(id, "UO1.forged.code")).ProblemAsync(HttpStatusCode.Conflict)).Length.ShouldBeGreaterThan(0);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and entered_at is not null", new { id })).ShouldBe(1);

        // Staff of another district cannot check entry here.
        (await (await app.StaffApiAsync(world.Org.OfficerB)).PostAsJsonAsync($"/api/v1/subsidy-events/{id}/entries", new { code }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        Task<HttpResponseMessage> Enter(long eventId, string text) => world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{eventId}/entries", new { code = text });
    }

    [Fact]
    public async Task The_member_code_admits_a_member_holding_a_place_and_refuses_one_without()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 1, capacity: 5));
        var id = ev.GetProperty("id").GetInt64();
        var slot = ev.SlotIds()[0];
        var holder = await app.NewMemberAsync(world.Org.FactoryA);
        var other = await app.NewMemberAsync(world.Org.FactoryA);
        (await holder.Api.ApplyAsync(id, slot)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.SlotNowAsync(slot);
        var issuer = app.Service<IMemberCodeIssuer>();

        var otherCode = (await issuer.IssueAsync(other.Id, world.Org.FactoryA, "李四", true)).Text!;
        (await (await world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{id}/entries", new { code = otherCode })).ProblemAsync(HttpStatusCode.Conflict))
            .ShouldContain("没有本活动的入场名额");

        var code = (await issuer.IssueAsync(holder.Id, world.Org.FactoryA, "张三", true)).Text!;
        var ok = await world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{id}/entries", new { code });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync() + app.Errors);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and entered_at is not null", new { id })).ShouldBe(1);
    }
}
