using System.Net;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Bookings;

public sealed class NoShowTests(BookingsApp app) : IClassFixture<BookingsApp>
{
    private static async Task RecordEntryAsync(BookingsApp app, long placeId, long memberId, DateTime atUtc, bool admitted = true)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("insert into places.access_events (place_id, member_id, direction, admitted, at) values (@placeId, @memberId, 1, @admitted, @atUtc)",
            new { placeId, memberId, admitted, atUtc });
    }

    private static async Task<(DateTime StartsAt, DateTime EndsAt)> TimesAsync(BookingsApp app, long bookingId)
    {
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<(DateTime, DateTime)>("select starts_at, ends_at from bookings.bookings where id = @bookingId", new { bookingId });
    }

    [Fact]
    public async Task The_sweep_marks_an_entry_during_the_slot_attended_and_no_entry_a_no_show_once_the_slot_has_ended()
    {
        var world = await BookingWorld.CreateAsync(app);
        var other = await app.InsertPlaceAsyncFor(world);
        var came = await app.NewMemberAsync(world.Org.FactoryA);
        var stayedAway = await app.NewMemberAsync(world.Org.FactoryA);
        var wrongDoor = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(1);
        var b1 = await came.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 10));
        var b2 = await stayedAway.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 11));
        var b3 = await wrongDoor.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 12));
        var (start1, _) = await TimesAsync(app, b1);
        var (start2, _) = await TimesAsync(app, b2);
        var (start3, _) = await TimesAsync(app, b3);
        await RecordEntryAsync(app, world.PlaceId, came.Id, start1.AddMinutes(-5));
        await RecordEntryAsync(app, world.PlaceId, stayedAway.Id, start2.AddMinutes(20), admitted: false);
        await RecordEntryAsync(app, other, wrongDoor.Id, start3.AddMinutes(10));

        // Before the slots end nothing happens; once they have, each booking gets its outcome (and a second sweep changes nothing).
        var clock = new ManualClock(new DateTimeOffset(start1.AddMinutes(30), TimeSpan.Zero));
        var early = await app.NoShows(clock).SweepAsync(CancellationToken.None);
        early.ShouldBe(new Modules.Bookings.NoShows.SweepResult(0, 0, 0));
        (await app.StatusAsync(b1)).ShouldBe((short)1);

        clock.Now = new DateTimeOffset(start3.AddHours(2), TimeSpan.Zero);
        var swept = await app.NoShows(clock).SweepAsync(CancellationToken.None);
        swept.Attended.ShouldBe(1);
        swept.NoShows.ShouldBe(2);
        (await app.StatusAsync(b1)).ShouldBe((short)3);
        (await app.StatusAsync(b2)).ShouldBe((short)4);
        (await app.StatusAsync(b3)).ShouldBe((short)4);
        (await app.NoShows(clock).SweepAsync(CancellationToken.None)).ShouldBe(new Modules.Bookings.NoShows.SweepResult(0, 0, 0));
    }

    [Fact]
    public async Task Three_no_shows_in_thirty_days_block_booking_for_fourteen_days_with_the_end_date_given()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        // Three bookings that each end up in the past without an entry scan (aged by test data, as if days had passed).
        for (var i = 0; i < 3; i++)
        {
            var booking = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 9 + i));
            await app.AgeBookingAsync(booking, 3 + i);
            var result = await app.NoShows(clock).SweepAsync(CancellationToken.None);
            result.NoShows.ShouldBe(1);
            result.Blocked.ShouldBe(i == 2 ? 1 : 0);
        }

        var blockedUntil = clock.Now.UtcDateTime.AddDays(14);
        await using (var conn = await app.OpenAsync())
        {
            var stored = await conn.ExecuteScalarAsync<DateTime>("select blocked_until from bookings.member_states where member_id = @id", new { id = member.Id });
            (stored - blockedUntil).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(1));
        }
        var local = blockedUntil.AddHours(8);
        var refused = await (await member.Api.BookAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(2), 9))).ProblemDetailAsync(HttpStatusCode.Conflict);
        refused.ShouldBe($"您在30天内爽约已达3次，预约功能暂停至{local.Year}年{local.Month}月{local.Day}日");
        (await app.ScalarAsync("select count(*) from bookings.bookings where member_id = @id and status = 1", new { id = member.Id })).ShouldBe(0);

        // Another member is not affected.
        var other = await app.NewMemberAsync(world.Org.FactoryA);
        await other.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(2), 9));
    }

    [Fact]
    public async Task No_shows_older_than_thirty_days_do_not_count()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var ages = new[] { 40, 3, 4 };
        for (var i = 0; i < 3; i++)
        {
            var booking = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 9 + i));
            await app.AgeBookingAsync(booking, ages[i]);
            (await app.NoShows(clock).SweepAsync(CancellationToken.None)).Blocked.ShouldBe(0);
        }
        await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(2), 9));
    }

    [Fact]
    public async Task Staff_mark_a_no_show_by_hand_only_once_the_slot_has_started_and_only_in_their_subtree()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var booking = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 9));
        var viewer = await app.StaffApiAsync(world.Org.ViewerA);
        var other = await app.StaffApiAsync(world.Org.OfficerB);

        (await (await world.Officer.PostAsync($"/api/v1/bookings/{booking}/no-show", null)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该时段尚未开始，不能标记爽约");
        await app.AgeBookingAsync(booking, 2);
        (await viewer.PostAsync($"/api/v1/bookings/{booking}/no-show", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PostAsync($"/api/v1/bookings/{booking}/no-show", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await member.Api.PostAsync($"/api/v1/bookings/{booking}/no-show", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.StatusAsync(booking)).ShouldBe((short)1);

        var marked = await world.Officer.PostAsync($"/api/v1/bookings/{booking}/no-show", null);
        marked.StatusCode.ShouldBe(HttpStatusCode.OK, await marked.Content.ReadAsStringAsync() + app.Errors);
        (await marked.JsonAsync()).GetProperty("status").GetString().ShouldBe("no-show");
        (await app.StatusAsync(booking)).ShouldBe((short)4);
        (await app.ScalarAsync("select marked_by from bookings.bookings where id = @booking", new { booking })).ShouldBe(world.Org.OfficerA);
        (await app.ScalarAsync("select count(*) from audit.entries where action = 'booking.no-show-marked' and subject_id = @s", new { s = booking.ToString() })).ShouldBe(1);
        (await (await world.Officer.PostAsync($"/api/v1/bookings/{booking}/no-show", null)).ProblemDetailAsync(HttpStatusCode.Conflict)).ShouldBe("该预约已标记为爽约");
        (await world.Officer.PostAsync($"/api/v1/bookings/{booking + 100000}/no-show", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_calendar_shows_who_booked_by_member_number_only()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(1);
        await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 15));

        var response = await world.Officer.GetAsync($"/api/v1/booking-resources/{world.RoomId}/calendar?day={day.Text()}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var calendar = await response.JsonAsync();
        calendar.GetProperty("slots").GetArrayLength().ShouldBe(24);
        var slot = calendar.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("time").GetString() == "15:00-16:00");
        slot.GetProperty("taken").GetInt32().ShouldBe(1);
        slot.GetProperty("bookings")[0].GetProperty("memberNo").GetString().ShouldBe(member.MemberNo);
        body.ShouldNotContain(member.Phone);
        (await world.Officer.GetAsync($"/api/v1/booking-resources/{world.RoomId}/calendar?day=tomorrow")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

internal static class NoShowTestData
{
    public static Task<long> InsertPlaceAsyncFor(this BookingsApp app, BookingWorld world) =>
        Places.PlaceTestData.InsertPlaceAsync(app, world.Org.DistrictA, PlaceKind.OutdoorStation);
}
