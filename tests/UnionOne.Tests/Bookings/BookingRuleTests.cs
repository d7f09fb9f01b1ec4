using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Bookings;

public sealed class BookingRuleTests(BookingsApp app) : IClassFixture<BookingsApp>
{
    [Fact]
    public async Task A_member_books_a_free_slot_sees_it_in_my_bookings_and_the_slot_is_no_longer_free()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(1);
        var slot = await app.SlotAsync(world.RoomId, day, 14);

        var response = await member.Api.BookAsync(slot);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var booking = await response.JsonAsync();
        booking.GetProperty("time").GetString().ShouldBe("14:00-15:00");
        booking.GetProperty("status").GetString().ShouldBe("booked");
        booking.GetProperty("canCancel").GetBoolean().ShouldBeTrue();
        var id = booking.GetProperty("id").GetInt64();

        var mine = await member.Api.GetOkAsync("/api/v1/bookings/mine");
        mine.GetProperty("upcoming").EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ShouldBe([id]);
        var slots = await member.Api.GetOkAsync($"/api/v1/bookings/resources/{world.RoomId}/slots?day={day.Text()}");
        var shown = slots.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == slot);
        shown.GetProperty("free").GetInt32().ShouldBe(0);
        shown.GetProperty("mine").GetBoolean().ShouldBeTrue();
        shown.GetProperty("bookable").GetBoolean().ShouldBeFalse();

        // Another member sees it taken and is refused.
        var other = await app.NewMemberAsync(world.Org.FactoryA);
        var otherView = await other.Api.GetOkAsync($"/api/v1/bookings/resources/{world.RoomId}/slots?day={day.Text()}");
        otherView.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == slot).GetProperty("why").GetString().ShouldBe("已约满");
        (await (await other.Api.BookAsync(slot)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该时段已被其他会员预约，请选择其他时段");

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(1);
        (await conn.ExecuteScalarAsync<long>("select booking_id from bookings.seats where slot_id = @slot", new { slot })).ShouldBe(id);
    }

    [Fact]
    public async Task A_slot_in_the_past_or_beyond_the_window_is_refused_and_nothing_changes()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var before = await app.ScalarAsync("select count(*) from bookings.bookings");

        // Today's 00:00 slot has always started already (the room opens at midnight).
        var started = await app.SlotAsync(world.RoomId, BookingTestKit.Day(0), 0);
        (await (await member.Api.BookAsync(started)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该时段已开始或已结束，不能预约");

        // Slots are generated 14 days ahead, but this room is bookable only 7 days ahead.
        var far = await app.SlotAsync(world.RoomId, BookingTestKit.Day(9), 10);
        (await (await member.Api.BookAsync(far)).ProblemDetailAsync(HttpStatusCode.Conflict))
            .ShouldBe($"该资源只能提前7天预约，最晚可约{BookingTestKit.Day(7).Text()}");

        // No slot, an unknown slot.
        (await (await member.Api.PostAsJsonAsync("/api/v1/bookings", new { })).ValidationProblemAsync()).GetProperty("slotId")[0].GetString().ShouldBe("请选择时段");
        (await (await member.Api.BookAsync(started + 1_000_000)).ProblemDetailAsync(HttpStatusCode.NotFound)).ShouldBe("未找到该时段");
        (await member.Api.GetAsync($"/api/v1/bookings/resources/{world.RoomId}/slots?day=2026-13-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.ScalarAsync("select count(*) from bookings.bookings")).ShouldBe(before);
    }

    [Fact]
    public async Task At_most_two_active_bookings_and_one_per_day_per_place()
    {
        var world = await BookingWorld.CreateAsync(app);
        var court = await world.Officer.CreateResourceAsync(world.PlaceId, "羽毛球场");
        var member = await app.NewMemberAsync(world.Org.FactoryA);

        await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 9));
        // A second resource of the same place on the same day: the per-day cap.
        (await (await member.Api.BookAsync(await app.SlotAsync(court, BookingTestKit.Day(1), 15))).ProblemDetailAsync(HttpStatusCode.Conflict))
            .ShouldStartWith("同一场所每人每天限预约1次");
        // The same slot again.
        (await (await member.Api.BookAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 9))).ProblemDetailAsync(HttpStatusCode.Conflict))
            .ShouldBe("您已预约了该时段");

        await member.Api.BookedAsync(await app.SlotAsync(court, BookingTestKit.Day(2), 9));
        // A third active booking, another day.
        (await (await member.Api.BookAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(3), 9))).ProblemDetailAsync(HttpStatusCode.Conflict))
            .ShouldBe("您已有2个未结束的预约，达到上限，请使用或取消后再预约");

        (await app.ScalarAsync("select count(*) from bookings.bookings where member_id = @id", new { id = member.Id })).ShouldBe(2);
    }

    [Fact]
    public async Task Only_active_members_book_and_a_subtree_only_place_admits_only_its_own_members()
    {
        var world = await BookingWorld.CreateAsync(app, PlaceAdmission.SubtreeMembers);
        var slot = await app.SlotAsync(world.RoomId, BookingTestKit.Day(2), 11);

        var left = await app.NewMemberAsync(world.Org.FactoryA, MemberStatus.Left);
        (await (await left.Api.BookAsync(slot)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("只有在会会员可以预约，请先申请入会");
        var notMember = app.MemberApi(MemberTestData.Phone());
        (await (await notMember.BookAsync(slot)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("只有在会会员可以预约，请先申请入会");
        (await app.CreateClient().PostAsJsonAsync("/api/v1/bookings", new { slotId = slot })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var outsider = await app.NewMemberAsync(world.Org.SchoolB);
        (await (await outsider.Api.BookAsync(slot)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该场所仅向本工会（含下级工会）会员开放");
        (await app.ScalarAsync("select count(*) from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(0);

        var own = await app.NewMemberAsync(world.Org.FactoryA);
        await own.Api.BookedAsync(slot);
    }

    [Fact]
    public async Task Cancelling_before_the_deadline_frees_the_seat_and_after_it_is_refused()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var other = await app.NewMemberAsync(world.Org.FactoryA);
        var slot = await app.SlotAsync(world.RoomId, BookingTestKit.Day(2), 16);
        var booking = await member.Api.BookedAsync(slot);

        // Someone else's booking is not found; the owner cancels; the seat is free for the other member.
        (await other.Api.PostAsync($"/api/v1/bookings/{booking}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var cancelled = await member.Api.PostAsync($"/api/v1/bookings/{booking}/cancel", null);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        (await cancelled.JsonAsync()).GetProperty("status").GetString().ShouldBe("cancelled");
        (await (await member.Api.PostAsync($"/api/v1/bookings/{booking}/cancel", null)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该预约已取消");
        await other.Api.BookedAsync(slot);

        // A slot starting within the 2-hour deadline: booked, then the cancellation is refused and it stays booked.
        var now = DateTime.UtcNow.AddHours(8);
        var soonDay = DateOnly.FromDateTime(now.AddHours(1));
        var soon = await app.SlotAsync(world.RoomId, soonDay, now.AddHours(1).Hour);
        var late = await member.Api.BookedAsync(soon);
        var refused = await (await member.Api.PostAsync($"/api/v1/bookings/{late}/cancel", null)).ProblemDetailAsync(HttpStatusCode.Conflict);
        refused.ShouldStartWith("已过取消截止时间（");
        refused.ShouldEndWith("开始前120分钟），不能取消");
        (await app.StatusAsync(late)).ShouldBe((short)1);
        (await app.ScalarAsync("select count(*) from bookings.seats where slot_id = @soon and booking_id = @late", new { soon, late })).ShouldBe(1);
    }

    [Fact]
    public async Task Messages_are_in_english_when_the_client_asks()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var started = await app.SlotAsync(world.RoomId, BookingTestKit.Day(0), 0);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(new { slotId = started }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        (await (await member.Api.SendAsync(request)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("This slot has already started or ended and cannot be booked");
    }
}
