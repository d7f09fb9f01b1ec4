using System.Net;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class ApplyTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    [Fact]
    public async Task A_member_takes_a_place_first_come_and_a_second_application_is_refused_without_changing_anything()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 2, capacity: 5));
        var id = ev.GetProperty("id").GetInt64();
        var slots = ev.SlotIds();
        var member = await app.NewMemberAsync(world.Org.FactoryA);

        var first = await member.Api.ApplyAsync(id, slots[0]);
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var body = await first.JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("won");
        body.GetProperty("slotId").GetInt64().ShouldBe(slots[0]);

        // Twice: same slot and another slot; the counters stay as they were.
        (await (await member.Api.ApplyAsync(id, slots[0])).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("您已报名该活动，每人限报一次");
        (await (await member.Api.ApplyAsync(id, slots[1])).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("您已报名该活动，每人限报一次");
        (await app.ScalarAsync("select taken from subsidy.slots where id = @s", new { s = slots[0] })).ShouldBe(1);
        (await app.ScalarAsync("select taken from subsidy.slots where id = @s", new { s = slots[1] })).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id", new { id })).ShouldBe(1);

        var mine = await member.Api.GetAsync($"/api/v1/subsidy-events/mine/{id}");
        (await mine.JsonAsync()).GetProperty("mine").GetProperty("slotId").GetInt64().ShouldBe(slots[0]);
    }

    [Fact]
    public async Task Applying_after_the_window_is_refused_and_nothing_is_recorded()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 1, capacity: 5));
        var id = ev.GetProperty("id").GetInt64();
        await app.CloseWindowAsync(id);
        var member = await app.NewMemberAsync(world.Org.FactoryA);

        (await (await member.Api.ApplyAsync(id, ev.SlotIds()[0])).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("报名已截止");
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id", new { id })).ShouldBe(0);
        (await app.ScalarAsync("select taken from subsidy.slots where event_id = @id", new { id })).ShouldBe(0);
    }

    [Fact]
    public async Task A_full_slot_answers_409_and_members_outside_the_subtree_cannot_apply()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 1, capacity: 1));
        var id = ev.GetProperty("id").GetInt64();
        var slot = ev.SlotIds()[0];
        (await (await app.NewMemberAsync(world.Org.FactoryA)).Api.ApplyAsync(id, slot)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var late = await app.NewMemberAsync(world.Org.FactoryA);
        (await (await late.Api.ApplyAsync(id, slot)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("已约满");
        var outsider = await app.NewMemberAsync(world.Org.SchoolB);
        // Outside the subtree the event is not there (404, as for no event), and the publishing union is not named.
        (await (await outsider.Api.ApplyAsync(id, slot)).ProblemAsync(HttpStatusCode.NotFound)).ShouldBe("未找到该补贴活动");
        (await (await late.Api.ApplyAsync(id, null)).ProblemAsync(HttpStatusCode.BadRequest)).ShouldContain("请选择入场时段");

        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id", new { id })).ShouldBe(1);
        (await app.ScalarAsync("select taken from subsidy.slots where id = @slot", new { slot })).ShouldBe(1);
    }

    [Fact]
    public async Task The_subsidy_quote_follows_the_rule()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 1, capacity: 1));
        var id = ev.GetProperty("id").GetInt64();
        var member = await app.NewMemberAsync(world.Org.FactoryA);

        var quote = await (await member.Api.GetAsync($"/api/v1/subsidy-events/{id}/subsidy?price=999900&percent=30")).JsonAsync();
        quote.GetProperty("subsidyFen").GetInt64().ShouldBe(200_000);
        quote.GetProperty("payFen").GetInt64().ShouldBe(799_900);
        (await (await member.Api.GetAsync($"/api/v1/subsidy-events/{id}/subsidy?price=100000&percent=40")).ProblemAsync(HttpStatusCode.BadRequest))
            .ShouldContain("补贴比例须在5%-30%之间");
    }
}
