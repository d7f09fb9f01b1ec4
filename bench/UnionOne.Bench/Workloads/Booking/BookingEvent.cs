using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Workloads.Search;

namespace UnionOne.Bench.Workloads.Booking;

/// <summary>
/// The popular event of the rush: a scratch place (基准测试-…) under the staff user's union, an event resource with
/// timed-entry slots created through the staff API (POST /api/v1/booking-resources), and a small warm-up resource.
/// Removed with all its bookings at the end of the run.
/// </summary>
internal sealed class BookingEvent
{
    public long PlaceId { get; private init; }

    public long EventId { get; private init; }

    public long WarmupId { get; private init; }

    public IReadOnlyList<long> Slots { get; private init; } = [];

    public long WarmupSlot { get; private init; }

    public int WarmupSeats { get; private init; }

    public string? Failure { get; private init; }

    public sealed record Check(long OversoldSlots, long MaxPerMember, long Booked, long SlotsChecked);

    public static async Task<BookingEvent> CreateAsync(BenchContext context, HttpClient http, StaffSession staff, string userName, int slotCount, int seatsPerSlot,
        int warmupSeats, CancellationToken ct)
    {
        long placeId;
        await using (var conn = await context.Db.OpenConnectionAsync(ct))
        {
            await using var exists = new NpgsqlCommand("select to_regclass('places.places') is not null and to_regclass('bookings.resources') is not null", conn);
            if (await exists.ExecuteScalarAsync(ct) is not true) return new BookingEvent { Failure = "the places and bookings tables are not in this build" };
            await using var insert = new NpgsqlCommand("""
                insert into places.places (union_id, kind, name, address, latitude, longitude, open_24h, capacity)
                select r.union_id, 1, @name, '基准测试地址', 28.6564, 121.4208, false, 2000
                from identity.staff_roles r join identity.staff_users u on u.id = r.staff_id
                where lower(u.user_name) = lower(@user) order by r.union_id limit 1
                returning id
                """, conn);
            insert.Parameters.AddWithValue("name", "基准测试-热门活动场馆" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("user", userName);
            if (await insert.ExecuteScalarAsync(ct) is not long id) return new BookingEvent { Failure = $"staff user '{userName}' has no union for the scratch place" };
            placeId = id;
        }

        var closes = 9 * 60 + slotCount * 120;
        var (eventId, eventFailure) = await CreateResourceAsync(http, staff.Token!, placeId, "基准测试-热门活动", seatsPerSlot, 120, "09:00",
            $"{closes / 60:00}:{closes % 60:00}", ct);
        var (warmupId, warmupFailure) = eventFailure is null
            ? await CreateResourceAsync(http, staff.Token!, placeId, "基准测试-预热", warmupSeats, 60, "07:00", "08:00", ct)
            : (0L, null);
        var partial = new BookingEvent { PlaceId = placeId, EventId = eventId, WarmupId = warmupId };
        if ((eventFailure ?? warmupFailure) is { } failure)
        {
            await partial.RemoveAsync(context, ct);
            return new BookingEvent { Failure = failure };
        }

        // Tomorrow's slots (Beijing time), so none has started.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1).ToDateTime(TimeOnly.MinValue);
        var slots = new List<long>();
        long warmupSlot = 0;
        await using (var conn = await context.Db.OpenConnectionAsync(ct))
        {
            await using var cmd = new NpgsqlCommand(
                "select id, resource_id from bookings.slots where resource_id = any(@ids) and day = @day::date and not retired order by starts_at", conn);
            cmd.Parameters.AddWithValue("ids", new[] { eventId, warmupId });
            cmd.Parameters.AddWithValue("day", tomorrow);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (r.GetInt64(1) == eventId) slots.Add(r.GetInt64(0));
                else warmupSlot = r.GetInt64(0);
            }
        }
        if (slots.Count != slotCount || warmupSlot == 0)
        {
            await partial.RemoveAsync(context, ct);
            return new BookingEvent { Failure = $"expected {slotCount} event slots tomorrow, found {slots.Count}" };
        }
        return new BookingEvent { PlaceId = placeId, EventId = eventId, WarmupId = warmupId, Slots = slots, WarmupSlot = warmupSlot, WarmupSeats = warmupSeats };
    }

    private static async Task<(long Id, string? Failure)> CreateResourceAsync(HttpClient http, string token, long placeId, string name, int seats, int slotMinutes,
        string opensAt, string closesAt, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/booking-resources")
        {
            Content = JsonContent.Create(new { placeId, name, capacityNote = "基准测试", seats, slotMinutes, opensAt, closesAt, daysAhead = 7, cancelBeforeMinutes = 120 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.NotFound && !body.Contains("detail", StringComparison.Ordinal))
            return (0, "POST /api/v1/booking-resources answered 404 (bookings not in this build)");
        if (response.StatusCode != HttpStatusCode.Created) return (0, $"POST /api/v1/booking-resources answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("id").GetInt64(), null);
    }

    /// <summary>No slot above its seats, no member with two bookings of the event, and how many are booked.</summary>
    public async Task<Check> VerifyAsync(BenchContext context, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) from bookings.slots s
                    where s.resource_id = @id and (select count(*) from bookings.bookings b where b.slot_id = s.id and b.status <> 2) > s.seats),
                   (select coalesce(max(c), 0) from (select count(*) c from bookings.bookings where resource_id = @id and status <> 2 group by member_id) x),
                   (select count(*) from bookings.bookings where resource_id = @id and status <> 2),
                   (select count(*) from bookings.slots where resource_id = @id)
            """, conn);
        cmd.Parameters.AddWithValue("id", EventId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Check(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
    }

    /// <summary>Deletes the scratch place, its resources, slots, seats and bookings (the audit log keeps its entries).</summary>
    public async Task RemoveAsync(BenchContext context, CancellationToken ct)
    {
        if (PlaceId == 0) return;
        try
        {
            await using var conn = await context.Db.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                delete from bookings.bookings where place_id = @place;
                delete from bookings.slots where place_id = @place;
                delete from bookings.resources where place_id = @place;
                delete from places.places where id = @place;
                """, conn);
            cmd.Parameters.AddWithValue("place", PlaceId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            Log.Warn($"booking: could not remove the scratch place {PlaceId}: {e.Message}");
        }
    }
}
