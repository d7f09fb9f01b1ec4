using Dapper;
using Npgsql;

namespace UnionOne.Modules.Bookings.Slots;

/// <summary>
/// Keeps concrete slot rows (and their seat rows) generated for the days ahead. A slot that would overlap a slot
/// already there (e.g. a booked slot kept after the resource's times changed) is not generated.
/// </summary>
internal sealed class SlotGenerator
{
    private const string GenerateSql = """
        with r as (
            select id, place_id, seats, slot_minutes, open_minute, close_minute from bookings.resources
            where id = @resourceId and archived_at is null for update),
        candidates as (
            select r.id as resource_id, r.place_id, d::date as day,
                   ((d::date + make_interval(mins => m)) at time zone 'Asia/Shanghai') as starts_at,
                   ((d::date + make_interval(mins => m + r.slot_minutes)) at time zone 'Asia/Shanghai') as ends_at,
                   r.seats
            from r,
                 generate_series(@fromDay::timestamp, @toDay::timestamp, interval '1 day') d,
                 generate_series(r.open_minute::int, (r.close_minute - r.slot_minutes)::int, r.slot_minutes::int) m),
        inserted as (
            insert into bookings.slots (resource_id, place_id, day, starts_at, ends_at, seats)
            select c.resource_id, c.place_id, c.day, c.starts_at, c.ends_at, c.seats from candidates c
            where not exists (select 1 from bookings.slots s
                              where s.resource_id = c.resource_id and not s.retired and s.starts_at < c.ends_at and s.ends_at > c.starts_at)
            on conflict (resource_id, starts_at) where not retired do nothing
            returning id, seats)
        insert into bookings.seats (slot_id, seat_no)
        select i.id, g from inserted i, generate_series(1, i.seats) g
        """;

    /// <summary>Generates the missing slots of the resource for [fromDay, toDay] (local days); returns the seat rows written.</summary>
    public async Task<int> GenerateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long resourceId, DateOnly fromDay, DateOnly toDay, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(GenerateSql, new
        {
            resourceId,
            fromDay = fromDay.ToDateTime(TimeOnly.MinValue),
            toDay = toDay.ToDateTime(TimeOnly.MinValue),
        }, tx, cancellationToken: ct));

    /// <summary>
    /// After the resource's times or seats changed: future slots nobody ever booked are deleted, those with only cancelled
    /// bookings are retired; slots with a live booking stay as they are (the member keeps the booking).
    /// </summary>
    public async Task WithdrawFutureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long resourceId, DateTime nowUtc, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            delete from bookings.slots s
            where s.resource_id = @resourceId and not s.retired and s.starts_at > @nowUtc
              and not exists (select 1 from bookings.bookings b where b.slot_id = s.id);
            update bookings.slots s set retired = true
            where s.resource_id = @resourceId and not s.retired and s.starts_at > @nowUtc
              and not exists (select 1 from bookings.bookings b where b.slot_id = s.id and b.status <> 2);
            """, new { resourceId, nowUtc }, tx, cancellationToken: ct));
}
