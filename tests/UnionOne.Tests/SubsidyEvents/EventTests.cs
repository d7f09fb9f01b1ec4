using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class EventTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    [Fact]
    public async Task Staff_publish_an_event_with_thirty_timed_slots_and_a_published_commitment_only()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, "lottery"));

        var slots = ev.GetProperty("slots").EnumerateArray().ToList();
        slots.Count.ShouldBe(30);
        slots.ShouldAllBe(s => s.GetProperty("capacity").GetInt32() == 500 && s.GetProperty("taken").GetInt32() == 0);
        slots[0].GetProperty("time").GetString().ShouldBe("09:00-09:30");
        slots[9].GetProperty("time").GetString().ShouldBe("13:30-14:00");
        ev.GetProperty("places").GetInt32().ShouldBe(15_000);
        ev.GetProperty("commitment").GetString()!.Length.ShouldBe(64);
        ev.GetProperty("seed").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        ev.GetProperty("ruleText").GetString()!.ShouldContain("5%-30%");

        var id = ev.GetProperty("id").GetInt64();
        // Staff of another district: 404, not 403 (existence is not leaked); a viewer may look but not publish.
        (await (await app.StaffApiAsync(world.Org.OfficerB)).GetAsync($"/api/v1/subsidy-events/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(world.Org.ViewerA)).GetAsync($"/api/v1/subsidy-events/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var viewerPost = await (await app.StaffApiAsync(world.Org.ViewerA)).PostAsJsonAsync("/api/v1/subsidy-events", SubsidyTestKit.Input(world.Org.DistrictA));
        viewerPost.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(world.Org.OfficerB)).PostAsJsonAsync("/api/v1/subsidy-events", SubsidyTestKit.Input(world.Org.DistrictA)))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The public draw record shows the commitment and no seed before the draw.
        var publication = await app.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/subsidy-events/{id}/draw");
        publication.GetProperty("commitment").GetString().ShouldBe(ev.GetProperty("commitment").GetString());
        publication.GetProperty("seed").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_slot_in_the_past_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var before = await app.ScalarAsync("select count(*) from subsidy.events");
        var input = SubsidyTestKit.Input(world.Org.DistrictA, firstDay: SubsidyTestKit.Day(-1));
        input["applyClosesAt"] = SubsidyTestKit.Local(DateTime.UtcNow.AddHours(1));

        var message = await (await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", input)).ProblemAsync(HttpStatusCode.BadRequest);

        message.ShouldContain("时段开始时间不能早于现在");
        (await app.ScalarAsync("select count(*) from subsidy.events")).ShouldBe(before);
        (await app.ScalarAsync("select count(*) from subsidy.slots s join subsidy.events e on e.id = s.event_id where e.name = @n", new { n = (string)input["name"]! })).ShouldBe(0);
    }

    [Fact]
    public async Task Capacity_zero_and_a_window_closing_after_the_first_slot_are_refused()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var before = await app.ScalarAsync("select count(*) from subsidy.events");

        var zero = await (await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", SubsidyTestKit.Input(world.Org.DistrictA, capacity: 0)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        zero.ShouldContain("每个时段的名额须在1-100000之间");

        var late = SubsidyTestKit.Input(world.Org.DistrictA);
        late["applyClosesAt"] = SubsidyTestKit.Local(DateTime.UtcNow.AddDays(5));
        (await (await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", late)).ProblemAsync(HttpStatusCode.BadRequest)).ShouldContain("报名须在首个入场时段");

        var percent = SubsidyTestKit.Input(world.Org.DistrictA);
        percent["discountMaxPercent"] = 3;
        (await (await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", percent)).ProblemAsync(HttpStatusCode.BadRequest)).ShouldContain("最高补贴比例不能低于最低补贴比例");

        (await app.ScalarAsync("select count(*) from subsidy.events")).ShouldBe(before);
    }

    [Fact]
    public void The_subsidy_helper_takes_the_percentage_and_stops_at_the_cap()
    {
        var rule = new Modules.SubsidyEvents.Domain.SubsidyRule(5, 30, 200_000);
        rule.Compute(399_900, 30).ShouldBe(119_970);
        rule.Compute(999_900, 30).ShouldBe(200_000);
        rule.Compute(100_000, 5).ShouldBe(5_000);
        rule.Compute(100_000, 30, usedFen: 190_000).ShouldBe(10_000);
        Should.Throw<ArgumentOutOfRangeException>(() => rule.Compute(100_000, 31));
    }
}
