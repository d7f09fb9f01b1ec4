using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Bookings.Domain;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Bookings.NoShows;

internal sealed record SweepResult(int Attended, int NoShows, int Blocked);

/// <summary>
/// Records, for every booking whose slot has ended, whether the member came: an admitted entry scan at the place during
/// the slot (from a few minutes before it) means attended, none means a no-show. Reaching the no-show limit within the
/// window blocks booking for the block period. Time comes from the TimeProvider given (tests pass a controlled one).
/// </summary>
internal sealed class NoShowService(NpgsqlDataSource dataSource, IAccessEvents access, IOptions<BookingOptions> options, TimeProvider clock)
{
    private const int BatchSize = 500;

    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        int attended = 0, noShows = 0, blocked = 0;
        while (true)
        {
            List<Due> due;
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                due = (await conn.QueryAsync<Due>(new CommandDefinition("""
                    select id, member_id as MemberId, place_id as PlaceId, starts_at as StartsAt, ends_at as EndsAt
                    from bookings.bookings where status = 1 and ends_at <= @now order by ends_at, id limit @BatchSize
                    """, new { now, BatchSize }, cancellationToken: ct))).AsList();
            }
            foreach (var b in due)
            {
                if (await access.HasEntryAsync(b.MemberId, b.PlaceId, b.StartsAt.AddMinutes(-o.EarlyEntryMinutes), b.EndsAt, ct))
                {
                    await using var conn = await dataSource.OpenConnectionAsync(ct);
                    attended += await conn.ExecuteAsync(new CommandDefinition(
                        "update bookings.bookings set status = 3, checked_at = @now where id = @id and status = 1", new { id = b.Id, now }, cancellationToken: ct));
                }
                else
                {
                    var outcome = await RecordAsync(b.Id, b.MemberId, markedBy: null, now, ct);
                    if (outcome.Recorded) noShows++;
                    if (outcome.NewBlockUntil is not null) blocked++;
                }
            }
            if (due.Count < BatchSize) break;
        }
        return new SweepResult(attended, noShows, blocked);
    }

    /// <summary>
    /// Marks the booking a no-show (from booked, or from attended when staff correct it) and applies the block rule, under
    /// the member's state lock. Returns whether it changed and the new block's end when this no-show started one.
    /// </summary>
    public async Task<(bool Recorded, DateTime? NewBlockUntil)> RecordAsync(long bookingId, long memberId, long? markedBy, DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into bookings.member_states (member_id) values (@memberId) on conflict (member_id) do nothing", new { memberId }, tx, cancellationToken: ct));
        var state = await conn.QuerySingleAsync<(DateTime? BlockedUntil, DateTime? CountedSince)>(new CommandDefinition(
            "select blocked_until, counted_since from bookings.member_states where member_id = @memberId for update", new { memberId }, tx, cancellationToken: ct));
        var changed = await conn.ExecuteAsync(new CommandDefinition("""
            update bookings.bookings set status = 4, checked_at = @now, marked_by = @markedBy
            where id = @bookingId and member_id = @memberId and status in (1, 3)
            """, new { bookingId, memberId, now, markedBy }, tx, cancellationToken: ct));
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return (false, null);
        }
        DateTime? newBlock = null;
        if (state.BlockedUntil is not { } until || until <= now)
        {
            var windowStart = now.AddDays(-o.NoShowWindowDays);
            if (state.CountedSince is { } since && since > windowStart) windowStart = since;
            var count = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) from bookings.bookings where member_id = @memberId and status = 4 and ends_at > @windowStart",
                new { memberId, windowStart }, tx, cancellationToken: ct));
            if (count >= o.NoShowLimit)
            {
                newBlock = now.AddDays(o.BlockDays);
                await conn.ExecuteAsync(new CommandDefinition(
                    "update bookings.member_states set blocked_until = @newBlock, counted_since = @now, updated_at = @now where member_id = @memberId",
                    new { memberId, newBlock, now }, tx, cancellationToken: ct));
            }
        }
        await tx.CommitAsync(ct);
        return (true, newBlock);
    }

    private sealed record Due(long Id, long MemberId, long PlaceId, DateTime StartsAt, DateTime EndsAt);
}
