using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Bookings;

public sealed class ResourceTests(BookingsApp app) : IClassFixture<BookingsApp>
{
    [Fact]
    public async Task An_officer_creates_a_resource_and_its_slots_and_seats_exist_for_the_days_ahead()
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA);
        var officer = await app.StaffApiAsync(org.OfficerA);

        var response = await officer.PostAsJsonAsync("/api/v1/booking-resources",
            BookingTestKit.Resource(place, "羽毛球场1号", seats: 1, slotMinutes: 90, opensAt: "08:00", closesAt: "21:30", daysAhead: 6, cancelBeforeMinutes: 120));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetInt64();
        created.GetProperty("opensAt").GetString().ShouldBe("08:00");
        created.GetProperty("closesAt").GetString().ShouldBe("21:30");

        // 08:00-21:30 in 90-minute slots: 9 a day, 14 days generated (today included), one seat each.
        (await app.ScalarAsync("select count(*) from bookings.slots where resource_id = @id", new { id })).ShouldBe(14 * 9);
        (await app.ScalarAsync("select count(*) from bookings.seats s join bookings.slots t on t.id = s.slot_id where t.resource_id = @id", new { id })).ShouldBe(14 * 9);
        (await app.SlotAsync(id, BookingTestKit.Day(1), 8)).ShouldBeGreaterThan(0);
        await Should.ThrowAsync<InvalidOperationException>(() => app.SlotAsync(id, BookingTestKit.Day(1), 7));

        var listed = await officer.GetOkAsync($"/api/v1/booking-resources?placeId={place}");
        listed.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["羽毛球场1号"]);

        // Members see it too.
        var member = await app.NewMemberAsync(org.FactoryA);
        var forMembers = await member.Api.GetOkAsync($"/api/v1/bookings/places/{place}/resources");
        forMembers.GetArrayLength().ShouldBe(1);
        var slots = await member.Api.GetOkAsync($"/api/v1/bookings/resources/{id}/slots?day={BookingTestKit.Day(2).Text()}");
        slots.GetProperty("slots").GetArrayLength().ShouldBe(9);
        slots.GetProperty("slots")[0].GetProperty("time").GetString().ShouldBe("08:00-09:30");
        slots.GetProperty("slots")[0].GetProperty("bookable").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task An_event_with_seats_gets_one_row_per_seat()
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA);
        var officer = await app.StaffApiAsync(org.OfficerA);
        var id = await officer.CreateResourceAsync(place, "周末亲子手工课", seats: 30, slotMinutes: 120, opensAt: "19:00", closesAt: "21:00");
        (await app.ScalarAsync("select count(*) from bookings.slots where resource_id = @id", new { id })).ShouldBe(14);
        (await app.ScalarAsync("select count(*) from bookings.seats s join bookings.slots t on t.id = s.slot_id where t.resource_id = @id", new { id })).ShouldBe(14 * 30);
    }

    [Fact]
    public async Task Viewers_are_forbidden_and_staff_of_another_district_do_not_find_the_place()
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA);
        var viewer = await app.StaffApiAsync(org.ViewerA);
        var other = await app.StaffApiAsync(org.OfficerB);
        var before = await app.ScalarAsync("select count(*) from bookings.resources");

        (await viewer.PostAsJsonAsync("/api/v1/booking-resources", BookingTestKit.Resource(place, "会议室"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync("/api/v1/booking-resources", BookingTestKit.Resource(place, "会议室"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from bookings.resources")).ShouldBe(before);

        var officer = await app.StaffApiAsync(org.OfficerA);
        var id = await officer.CreateResourceAsync(place, "会议室");
        (await viewer.GetAsync($"/api/v1/booking-resources/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync($"/api/v1/booking-resources/{id}/calendar")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync($"/api/v1/booking-resources/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/booking-resources/{id}/calendar")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/booking-resources?placeId={place}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.PutAsJsonAsync($"/api/v1/booking-resources/{id}", BookingTestKit.Resource(place, "大会议室"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PutAsJsonAsync($"/api/v1/booking-resources/{id}", BookingTestKit.Resource(place, "大会议室"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.DeleteAsync($"/api/v1/booking-resources/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.DeleteAsync($"/api/v1/booking-resources/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from bookings.resources where id = @id and name = '会议室' and archived_at is null", new { id })).ShouldBe(1);

        // The city's officer (above district A) manages it.
        var city = await app.StaffApiAsync(org.CityOfficer);
        (await city.PutAsJsonAsync($"/api/v1/booking-resources/{id}", BookingTestKit.Resource(place, "大会议室"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_created()
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA);
        var officer = await app.StaffApiAsync(org.OfficerA);
        var before = await app.ScalarAsync("select count(*) from bookings.resources");

        var errors = await (await officer.PostAsJsonAsync("/api/v1/booking-resources",
            new { placeId = place, name = "", seats = 0, slotMinutes = 7, opensAt = "8点", closesAt = "22:00", daysAhead = 40, cancelBeforeMinutes = -1 })).ValidationProblemAsync();
        errors.GetProperty("name")[0].GetString().ShouldBe("请填写资源名称（2-40个字）");
        errors.GetProperty("seats")[0].GetString().ShouldBe("每个时段的名额须在1-5000之间");
        errors.GetProperty("slotMinutes")[0].GetString().ShouldBe("时段长度须为15-480分钟，且为5的倍数");
        errors.GetProperty("opensAt")[0].GetString().ShouldBe("开放时间格式应为 HH:mm，如 08:00");
        errors.GetProperty("daysAhead")[0].GetString().ShouldBe("可提前预约的天数须在0-30之间");
        errors.GetProperty("cancelBeforeMinutes")[0].GetString().ShouldBe("取消截止时间须为开始前0-10080分钟");

        var window = await (await officer.PostAsJsonAsync("/api/v1/booking-resources",
            BookingTestKit.Resource(place, "棋牌室", opensAt: "20:00", closesAt: "08:00"))).ValidationProblemAsync();
        window.GetProperty("closesAt")[0].GetString().ShouldBe("关闭时间须晚于开放时间");
        var tooShort = await (await officer.PostAsJsonAsync("/api/v1/booking-resources",
            BookingTestKit.Resource(place, "棋牌室", slotMinutes: 120, opensAt: "20:00", closesAt: "21:00"))).ValidationProblemAsync();
        tooShort.GetProperty("closesAt")[0].GetString().ShouldBe("开放时段不足一个预约时段");
        (await app.ScalarAsync("select count(*) from bookings.resources")).ShouldBe(before);

        await officer.CreateResourceAsync(place, "棋牌室");
        var duplicate = await officer.PostAsJsonAsync("/api/v1/booking-resources", BookingTestKit.Resource(place, "棋牌室"));
        (await duplicate.ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该场所已有同名资源");
        (await officer.PostAsJsonAsync("/api/v1/booking-resources", BookingTestKit.Resource(place + 100000, "棋牌室"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from bookings.resources")).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Changing_the_times_replaces_unbooked_future_slots_and_keeps_booked_ones()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(2);
        var booked = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 10));

        // From one-hour slots all day to two-hour slots 09:00-21:00.
        var changed = await world.Officer.PutAsJsonAsync($"/api/v1/booking-resources/{world.RoomId}",
            BookingTestKit.Resource(world.PlaceId, "茶室（新）", slotMinutes: 120, opensAt: "09:00", closesAt: "21:00"));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());

        // The booked 10:00-11:00 slot stays; new slots overlapping it are not generated (09:00-11:00), the others are.
        var slots = await member.Api.GetOkAsync($"/api/v1/bookings/resources/{world.RoomId}/slots?day={day.Text()}");
        slots.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("time").GetString())
            .ShouldBe(["10:00-11:00", "11:00-13:00", "13:00-15:00", "15:00-17:00", "17:00-19:00", "19:00-21:00"]);
        (await app.StatusAsync(booked)).ShouldBe((short)1);
        var other = BookingTestKit.Day(3);
        var otherSlots = await member.Api.GetOkAsync($"/api/v1/bookings/resources/{world.RoomId}/slots?day={other.Text()}");
        otherSlots.GetProperty("slots").GetArrayLength().ShouldBe(6);
        otherSlots.GetProperty("slots")[0].GetProperty("time").GetString().ShouldBe("09:00-11:00");
    }

    [Fact]
    public async Task A_resource_with_live_bookings_cannot_be_archived_and_one_without_disappears_for_members()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var booking = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(3), 15));

        var refused = await world.Officer.DeleteAsync($"/api/v1/booking-resources/{world.RoomId}");
        (await refused.ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该资源还有1个未开始的预约，请先与会员沟通并取消后再停用");
        (await app.ScalarAsync("select count(*) from bookings.resources where id = @id and archived_at is null", new { id = world.RoomId })).ShouldBe(1);

        (await member.Api.PostAsync($"/api/v1/bookings/{booking}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await world.Officer.DeleteAsync($"/api/v1/booking-resources/{world.RoomId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.Api.GetOkAsync($"/api/v1/bookings/places/{world.PlaceId}/resources")).GetArrayLength().ShouldBe(0);
        (await member.Api.GetAsync($"/api/v1/bookings/resources/{world.RoomId}/slots")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
