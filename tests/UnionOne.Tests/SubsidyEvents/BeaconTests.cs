using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.SubsidyEvents;

/// <summary>
/// The public random value (公开随机数) named when a lottery is published and typed at the draw: without it the operator, who
/// stores the seed, could know the winners before the draw; with it nobody can before the value is announced.
/// </summary>
public sealed class BeaconTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    private const string Source = "2026年12月1日中国体育彩票排列5开奖号码";

    [Fact]
    public async Task The_named_value_is_required_at_the_draw_changes_the_order_and_is_published_for_verification()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var input = SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 1, capacity: 3);
        input["beaconSource"] = "  " + Source + " ";
        var ev = await world.Officer.CreateEventAsync(input);
        var id = ev.GetProperty("id").GetInt64();
        ev.GetProperty("beaconSource").GetString().ShouldBe(Source);
        ev.GetProperty("beaconValue").ValueKind.ShouldBe(JsonValueKind.Null);
        var members = new List<SubsidyMember>();
        for (var i = 0; i < 12; i++)
        {
            members.Add(await app.NewMemberAsync(world.Org.FactoryA));
            (await members[i].Api.ApplyAsync(id, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var mine = await members[0].Api.GetFromJsonAsync<JsonElement>($"/api/v1/subsidy-events/mine/{id}");
        mine.GetProperty("event").GetProperty("beaconSource").GetString().ShouldBe(Source);

        var before = await app.Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/subsidy-events/{id}/draw");
        before.GetProperty("beaconSource").GetString().ShouldBe(Source);
        before.GetProperty("seed").ValueKind.ShouldBe(JsonValueKind.Null);

        await app.CloseWindowAsync(id);
        var missing = await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.ReadProblemAsync()).FieldError("beaconValue").ShouldContain(Source);
        (await app.ScalarAsync("select count(*) from subsidy.events where id = @id and status = 1 and beacon_value is null", new { id })).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and status <> 1", new { id })).ShouldBe(0);

        var draw = await world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{id}/draw", new { beaconValue = " 3 0 7\t1 2 " });
        var outcome = await draw.JsonAsync();
        draw.StatusCode.ShouldBe(HttpStatusCode.OK, outcome.ToString());
        outcome.GetProperty("beaconValue").GetString().ShouldBe("30712");
        outcome.GetProperty("winners").GetInt32().ShouldBe(3);
        var seed = Convert.FromHexString(outcome.GetProperty("seed").GetString()!);

        // The documented formula, computed here without the app's helper.
        var key = HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes("beacon:30712"));
        var publication = await app.Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/subsidy-events/{id}/draw");
        publication.GetProperty("beaconValue").GetString().ShouldBe("30712");
        var (slots, applicants, winners) = publication.DrawRecord();
        LotteryDraw.Run(key, slots, applicants).OrderBy(x => x.Key).ShouldBe(winners.OrderBy(x => x.Key));

        // The value changed the order: tickets made with the bare seed rank the twelve differently.
        List<long> Order(byte[] k) => applicants.Select(a => a.ApplicationId)
            .OrderBy(a => Convert.ToHexString(HMACSHA256.HashData(k, Encoding.ASCII.GetBytes(a.ToString(System.Globalization.CultureInfo.InvariantCulture)))), StringComparer.Ordinal)
            .ToList();
        Order(key).ShouldNotBe(Order(seed));

        var verified = await (await app.Anonymous().PostAsJsonAsync($"/api/v1/subsidy-events/{id}/verify", new { seed = Convert.ToHexStringLower(seed) })).JsonAsync();
        verified.GetProperty("matches").GetBoolean().ShouldBeTrue(verified.ToString());

        var page = await app.Anonymous().GetStringAsync($"/subsidy-events/{id}/draw");
        page.ShouldContain(Source);
        page.ShouldContain("30712");
        page.ShouldContain("抽签密钥");
    }

    [Fact]
    public async Task A_value_nobody_named_is_refused_at_the_draw_and_a_source_is_checked_at_publication()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 1, capacity: 1));
        var id = ev.GetProperty("id").GetInt64();
        ev.GetProperty("beaconSource").ValueKind.ShouldBe(JsonValueKind.Null);
        for (var i = 0; i < 3; i++) (await (await app.NewMemberAsync(world.Org.FactoryA)).Api.ApplyAsync(id, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.CloseWindowAsync(id);

        var refused = await world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{id}/draw", new { beaconValue = "12345" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync()).FieldError("beaconValue").ShouldContain("未指定公开随机数");
        (await app.ScalarAsync("select count(*) from subsidy.events where id = @id and status = 1", new { id })).ShouldBe(1);
        var drawn = await (await world.Officer.PostAsJsonAsync($"/api/v1/subsidy-events/{id}/draw", new { beaconValue = " " })).JsonAsync();
        drawn.GetProperty("beaconValue").ValueKind.ShouldBe(JsonValueKind.Null, drawn.ToString());
        drawn.GetProperty("winners").GetInt32().ShouldBe(1);

        var count = await app.ScalarAsync("select count(*) from subsidy.events");
        var firstCome = SubsidyTestKit.Input(world.Org.DistrictA, "first-come");
        firstCome["beaconSource"] = Source;
        var short_ = SubsidyTestKit.Input(world.Org.DistrictA, "lottery");
        short_["beaconSource"] = "彩票";
        var a = await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", firstCome);
        a.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await a.ReadProblemAsync()).FieldError("beaconSource").ShouldContain("先到先得");
        var b = await world.Officer.PostAsJsonAsync("/api/v1/subsidy-events", short_);
        b.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await b.ReadProblemAsync()).FieldError("beaconSource").ShouldContain("4-120");
        (await app.ScalarAsync("select count(*) from subsidy.events")).ShouldBe(count);
    }

    [Fact]
    public async Task The_console_names_the_source_when_publishing_and_asks_for_the_value_at_the_draw()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(world.Org.OfficerA);
        var input = SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 1, capacity: 2);
        var posted = await staff.PostFormAsync("/console/subsidy-events/new", "new-subsidy-event",
            ("Form.UnionId", world.Org.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Name", (string)input["name"]!),
            ("Form.Venue", "区职工服务中心"), ("Form.Mode", "lottery"), ("Form.DiscountMinPercent", "5"), ("Form.DiscountMaxPercent", "30"),
            ("Form.CapYuan", "2000"), ("Form.ApplyOpensAt", (string)input["applyOpensAt"]!), ("Form.ApplyClosesAt", (string)input["applyClosesAt"]!),
            ("Form.FirstDay", (string)input["firstDay"]!), ("Form.Days", "1"), ("Form.FirstSlotStart", "09:00"), ("Form.SlotMinutes", "30"),
            ("Form.SlotsPerDay", "1"), ("Form.Capacity", "2"), ("Form.BeaconSource", Source));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync() + app.Errors);
        var location = posted.Headers.Location!.IsAbsoluteUri ? posted.Headers.Location.PathAndQuery : posted.Headers.Location.ToString();
        var id = long.Parse(location.Split('/')[3].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++) (await (await app.NewMemberAsync(world.Org.FactoryA)).Api.ApplyAsync(id, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.CloseWindowAsync(id);

        var page = $"/console/subsidy-events/{id}";
        (await staff.GetStringAsync(page)).ShouldContain("id=\"beaconValue\"");
        var empty = await (await staff.PostFormAsync(page, "draw", ("beaconValue", ""))).Content.ReadAsStringAsync();
        empty.ShouldContain("请填写发布时指定的公开随机数");
        (await app.ScalarAsync("select count(*) from subsidy.events where id = @id and status = 1", new { id })).ShouldBe(1);
        var drawn = await (await staff.PostFormAsync(page, "draw", ("beaconValue", "0 3 7 1 2"))).Content.ReadAsStringAsync();
        drawn.ShouldContain("抽签完成");
        drawn.ShouldContain("03712");
        (await app.ScalarAsync("select count(*) from subsidy.events where id = @id and status = 2 and beacon_value = '03712'", new { id })).ShouldBe(1);
    }

    [Fact]
    public void White_space_does_not_change_the_draw_key_and_no_value_keeps_the_seed()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        LotteryDraw.DrawKey(seed, "03 07 12\n19").ShouldBe(LotteryDraw.DrawKey(seed, "03071219"));
        LotteryDraw.DrawKey(seed, "03071219").ShouldNotBe(LotteryDraw.DrawKey(seed, "03071218"));
        LotteryDraw.DrawKey(seed, null).ShouldBe(seed);
        LotteryDraw.DrawKey(seed, "  ").ShouldBe(seed);
    }
}
