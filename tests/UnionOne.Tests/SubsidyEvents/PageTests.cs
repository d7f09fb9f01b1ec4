using System.Net;
using System.Security.Cryptography;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class PageTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    [Fact]
    public async Task Staff_publish_from_the_console_and_a_member_applies_from_the_phone_page()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(world.Org.OfficerA);
        var name = TestActors.Unique("空调补贴专场");
        var input = SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 2, slotsPerDay: 3, capacity: 50);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.UnionId", world.Org.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Form.Name", name),
            new("Form.Venue", "区职工服务中心"),
            new("Form.Mode", "lottery"),
            new("Form.DiscountMinPercent", "5"),
            new("Form.DiscountMaxPercent", "30"),
            new("Form.CapYuan", "2000"),
            new("Form.ApplyOpensAt", (string)input["applyOpensAt"]!),
            new("Form.ApplyClosesAt", (string)input["applyClosesAt"]!),
            new("Form.FirstDay", (string)input["firstDay"]!),
            new("Form.Days", "2"),
            new("Form.FirstSlotStart", "09:00"),
            new("Form.SlotMinutes", "30"),
            new("Form.SlotsPerDay", "3"),
            new("Form.Capacity", "50"),
        };
        var posted = await staff.PostFormAsync("/console/subsidy-events/new", "new-subsidy-event", fields);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync() + app.Errors);
        var location = (posted.Headers.Location!.IsAbsoluteUri ? posted.Headers.Location.PathAndQuery : posted.Headers.Location.ToString());
        location.ShouldStartWith("/console/subsidy-events/");
        var id = long.Parse(location.Split('/')[3].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        (await app.ScalarAsync("select count(*) from subsidy.slots where event_id = @id", new { id })).ShouldBe(6);
        var detail = await staff.GetStringAsync(location);
        detail.ShouldContain(name);
        detail.ShouldContain("开始抽签");

        // A bad form (capacity 0) shows the message and writes nothing.
        var before = await app.ScalarAsync("select count(*) from subsidy.events");
        fields[^1] = new("Form.Capacity", "0");
        var bad = await staff.PostFormAsync("/console/subsidy-events/new", "new-subsidy-event", fields);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("每个时段的名额须在1-100000之间");
        (await app.ScalarAsync("select count(*) from subsidy.events")).ShouldBe(before);

        // The member's phone pages: the list, the event, applying.
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var pages = app.MemberPages(member.Phone, member.Id);
        (await pages.GetStringAsync("/m/subsidy-events")).ShouldContain(name);
        var apply = await pages.PostFormAsync($"/m/subsidy-events/{id}", "apply", ("slotId", ""), ("acceptOther", "true"));
        var html = await apply.Content.ReadAsStringAsync();
        apply.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已报名，等待抽签");
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and member_id = @m", new { id, m = member.Id })).ShouldBe(1);
        (await pages.GetStringAsync($"/m/subsidy-events/{id}?price=3999&percent=30")).ShouldContain("¥1,199.70");
    }

    [Fact]
    public async Task The_public_draw_page_shows_the_commitment_and_refuses_a_seed_that_is_not_committed()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 1, capacity: 1));
        var id = ev.GetProperty("id").GetInt64();
        await (await app.NewMemberAsync(world.Org.FactoryA)).Api.ApplyAsync(id, null);
        await app.CloseWindowAsync(id);
        (await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var anonymous = app.CreateBrowserLikeClient();
        var page = await anonymous.GetStringAsync($"/subsidy-events/{id}/draw");
        page.ShouldContain(ev.GetProperty("commitment").GetString()!);
        var wrong = await anonymous.PostFormAsync($"/subsidy-events/{id}/draw", "verify", ("seed", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("不是本次抽签承诺的种子");
    }

    [Fact]
    public async Task The_door_page_admits_a_receipt_code_in_the_slot_and_refuses_a_forged_one()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 1, capacity: 5));
        var id = ev.GetProperty("id").GetInt64();
        var slot = ev.SlotIds()[0];
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        (await member.Api.ApplyAsync(id, slot)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.SendReceiptsAsync();
        await app.SlotNowAsync(slot);
        var code = await app.ReceiptCodeAsync(member.Phone);

        var staff = await app.StaffPagesAsync(world.Org.OfficerA);
        var forged = await staff.PostFormAsync($"/console/subsidy-events/{id}/entry", "enter", ("code", code == "1111111111" ? "2222222222" : "1111111111"));
        (await forged.Content.ReadAsStringAsync()).ShouldContain("入场码无效");
        var admitted = await (await staff.PostFormAsync($"/console/subsidy-events/{id}/entry", "enter", ("code", code))).Content.ReadAsStringAsync();
        admitted.ShouldContain("核验通过", customMessage: string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(admitted, "class=\"(?:alert|notice)[^\"]*\"[^>]*>(.*?)</", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim())) + "\n" + app.Errors);
        admitted.ShouldContain(member.MemberNo);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and entered_at is not null", new { id })).ShouldBe(1);
    }
}
