using System.Net;
using Dapper;

namespace UnionOne.Tests.Bookings;

public sealed class ConcurrencyTests(BookingsApp app) : IClassFixture<BookingsApp>
{
    [Fact]
    public async Task Sixty_members_asking_for_one_room_slot_at_once_exactly_one_wins()
    {
        var world = await BookingWorld.CreateAsync(app);
        var slot = await app.SlotAsync(world.RoomId, BookingTestKit.Day(1), 19);
        var members = new List<TestMember>();
        for (var i = 0; i < 60; i++) members.Add(await app.NewMemberAsync(world.Org.FactoryA));

        using var start = new SemaphoreSlim(0);
        var attempts = members.Select(async m =>
        {
            await start.WaitAsync();
            var response = await m.Api.BookAsync(slot);
            return (Member: m, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(members.Count);
        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1, app.Errors);
        var losers = results.Where(r => r.Status != HttpStatusCode.Created).ToList();
        losers.Count.ShouldBe(59);
        losers.ShouldAllBe(r => r.Status == HttpStatusCode.Conflict && r.Body.Contains("该时段已被其他会员预约，请选择其他时段"));

        var winner = results.Single(r => r.Status == HttpStatusCode.Created).Member;
        await using var conn = await app.OpenAsync();
        (await conn.QueryAsync<long>("select member_id from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe([winner.Id]);
        (await conn.ExecuteScalarAsync<long>("select count(*) from bookings.seats where slot_id = @slot and booking_id is not null", new { slot })).ShouldBe(1);
    }

    [Fact]
    public async Task Sixty_members_racing_for_an_event_with_ten_seats_fill_exactly_ten_seats()
    {
        var world = await BookingWorld.CreateAsync(app);
        var yoga = await world.Officer.CreateResourceAsync(world.PlaceId, "工间瑜伽课", seats: 10, slotMinutes: 60, opensAt: "18:00", closesAt: "19:00");
        var slot = await app.SlotAsync(yoga, BookingTestKit.Day(1), 18);
        var members = new List<TestMember>();
        for (var i = 0; i < 60; i++) members.Add(await app.NewMemberAsync(world.Org.FactoryA));

        var results = await Task.WhenAll(members.Select(async m =>
        {
            var response = await m.Api.BookAsync(slot);
            return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(10, app.Errors);
        results.Where(r => r.Status != HttpStatusCode.Created).ShouldAllBe(r => r.Status == HttpStatusCode.Conflict && r.Body.Contains("该时段名额已满，请选择其他时段"));
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from bookings.bookings where slot_id = @slot and status <> 2", new { slot })).ShouldBe(10);
        (await conn.ExecuteScalarAsync<long>("select count(distinct seat_no) from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(10);
        (await conn.ExecuteScalarAsync<long>("select count(distinct member_id) from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(10);
        (await conn.ExecuteScalarAsync<long>("select count(*) from bookings.seats where slot_id = @slot and booking_id is null", new { slot })).ShouldBe(0);
    }

    [Fact]
    public async Task One_member_firing_sixty_requests_at_once_cannot_pass_the_caps()
    {
        var world = await BookingWorld.CreateAsync(app);
        var court = await world.Officer.CreateResourceAsync(world.PlaceId, "乒乓球台");
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        // 60 different free slots over 6 days and two resources of one place.
        var slots = new List<long>();
        for (var day = 1; day <= 6; day++)
        {
            for (var hour = 8; hour < 13; hour++)
            {
                slots.Add(await app.SlotAsync(world.RoomId, BookingTestKit.Day(day), hour));
                slots.Add(await app.SlotAsync(court, BookingTestKit.Day(day), hour));
            }
        }

        var results = await Task.WhenAll(slots.Select(async s =>
        {
            var response = await member.Api.BookAsync(s);
            return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(2, app.Errors);
        results.Where(r => r.Status != HttpStatusCode.Created).ShouldAllBe(r => r.Status == HttpStatusCode.Conflict);
        await using var conn = await app.OpenAsync();
        var held = (await conn.QueryAsync<string>("select day::text || ' ' || place_id || ' ' || resource_id from bookings.bookings where member_id = @id and status = 1", new { id = member.Id })).ToList();
        held.Count.ShouldBe(2);
        held.Select(h => h[..10]).Distinct().Count().ShouldBe(2, string.Join("; ", held));
    }
}
