using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Modules.SubsidyEvents.Events;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Draw;

/// <summary>The outcome of the draw as staff see it.</summary>
public sealed record DrawOutcome(long EventId, int Applicants, int Winners, int NotDrawn, string Seed, string Commitment, double Seconds, string? BeaconValue);

/// <summary>What staff send to draw: the public random value as announced, when the event named one in advance.</summary>
public sealed record DrawRequest(string? BeaconValue);

/// <summary>The public record of a drawn lottery: everything needed to run the draw again (docs/decisions/0010-subsidy-lottery.md).</summary>
public sealed record DrawPublication(
    long EventId, string Commitment, string? Seed, DateTime? DrawnAt, IReadOnlyList<DrawSlot> Slots, IReadOnlyList<DrawApplicant> Applicants,
    IReadOnlyList<DrawWinner> Winners, string? BeaconSource, string? BeaconValue);

public sealed record DrawWinner(long ApplicationId, long SlotId);

public sealed record VerifyRequest(string? Seed);

/// <summary>A re-run of the draw: the seed matched the commitment; whether the recomputed winners equal the published ones.</summary>
public sealed record VerifyOutcome(bool Matches, string Commitment, int Applicants, int Winners, int Differences, string Message);

/// <summary>
/// Runs the lottery exactly once, after the window: the event row is locked, its status checked, the applicants and slots read, the
/// published algorithm run (<see cref="LotteryDraw"/>), and winners, losers, slot counters and the revealed seed written in one
/// transaction with set-based statements (unnest of the winners). A second draw finds the status drawn and is refused (409).
/// </summary>
internal sealed class DrawService(
    NpgsqlDataSource dataSource,
    EventStore store,
    SubsidyStaff staff,
    IAuditLog audit,
    IMemoryCache cache,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<SubsidyEventsText> l)
{
    public async Task<DrawOutcome> DrawAsync(long eventId, string? beaconValue, CancellationToken ct)
    {
        var e = await staff.RequireAsync(eventId, SubsidyStaff.Manage, ct);
        if (e.AllocationMode != AllocationMode.Lottery) throw new BusinessRuleException(l["先到先得的活动无需抽签"], "not-lottery");
        var started = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var locked = await conn.QuerySingleAsync<EventRow>(new CommandDefinition(
            $"select {EventRow.Columns} from subsidy.events e where e.id = @eventId for update", new { eventId }, tx, cancellationToken: ct));
        if (locked.Drawn) throw new BusinessRuleException(l["该活动已于{0}抽签，抽签只能进行一次", LocalTime.DateTimeText(locked.DrawnAt!.Value)], "already-drawn");
        if (now < locked.ApplyClosesAt) throw new BusinessRuleException(l["报名尚未截止（{0}截止），截止后才能抽签", LocalTime.DateTimeText(locked.ApplyClosesAt)], "window-open");
        var beacon = LotteryDraw.NormalizeBeacon(beaconValue);
        // A value nobody named in advance would let whoever draws try values until the winners suit them.
        if (locked.BeaconSource is null && beacon is not null)
            throw new InputValidationException("beaconValue", l["本活动发布时未指定公开随机数，抽签时不能加入"]);
        if (locked.BeaconSource is { } source && beacon is null)
            throw new InputValidationException("beaconValue", l["请填写发布时指定的公开随机数：{0}", source]);
        if (beacon is { Length: > 100 }) throw new InputValidationException("beaconValue", l["公开随机数不超过100个字符"]);

        var (slots, applicants) = await InputsAsync(conn, tx, eventId, ct);
        var winners = LotteryDraw.Run(LotteryDraw.DrawKey(locked.Seed, beacon), slots, applicants);
        await conn.ExecuteAsync(new CommandDefinition("""
            update subsidy.applications a set status = case when w.slot_id is null then 3 else 2 end, slot_id = w.slot_id
            from subsidy.applications x left join unnest(@ids, @slotIds) as w(id, slot_id) on w.id = x.id
            where a.id = x.id and x.event_id = @eventId and x.status = 1;
            update subsidy.slots s set taken = coalesce(c.n, 0)
            from subsidy.slots x left join (select slot_id, count(*)::int n from subsidy.applications where event_id = @eventId and status = 2 group by slot_id) c
                 on c.slot_id = x.id
            where s.id = x.id and x.event_id = @eventId;
            update subsidy.events set status = 2, drawn_at = @now, drawn_by = @by, applicants_drawn = @applicants, beacon_value = @beacon where id = @eventId;
            """, new
        {
            eventId,
            ids = winners.Keys.ToArray(),
            slotIds = winners.Values.ToArray(),
            now,
            by = user.StaffId,
            applicants = applicants.Count,
            beacon,
        }, tx, cancellationToken: ct, commandTimeout: 300));
        var commitment = LotteryDraw.Hex(locked.SeedSha256);
        await audit.WriteAsync(new AuditEntry(SubsidyAuditActions.Drawn, "subsidy-event", eventId.ToString(CultureInfo.InvariantCulture), e.UnionId,
            new { applicants = applicants.Count, winners = winners.Count, seed = LotteryDraw.Hex(locked.Seed), commitment, beaconSource = locked.BeaconSource, beacon }), tx, ct);
        await tx.CommitAsync(ct);
        store.Forget(eventId);
        return new DrawOutcome(eventId, applicants.Count, winners.Count, applicants.Count - winners.Count, LotteryDraw.Hex(locked.Seed), commitment,
            started.Elapsed.TotalSeconds, beacon);
    }

    /// <summary>The draw's public record (anyone): commitment always; seed, applicants and winners once drawn.</summary>
    public async Task<DrawPublication> PublicationAsync(long eventId, CancellationToken ct)
    {
        var e = await store.FindAsync(eventId, ct) ?? throw new NotFoundException(l["未找到该补贴活动"]);
        if (e.AllocationMode != AllocationMode.Lottery) throw new NotFoundException(l["该活动为先到先得，没有抽签"]);
        if (!e.Drawn) return new DrawPublication(eventId, LotteryDraw.Hex(e.SeedSha256), null, null, [], [], [], e.BeaconSource, null);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (slots, applicants) = await InputsAsync(conn, null, eventId, ct);
        var winners = await WinnersAsync(conn, eventId, ct);
        return new DrawPublication(eventId, LotteryDraw.Hex(e.SeedSha256), LotteryDraw.Hex(e.Seed), e.DrawnAt, slots, applicants,
            winners.Select(w => new DrawWinner(w.Key, w.Value)).OrderBy(w => w.ApplicationId).ToList(), e.BeaconSource, e.BeaconValue);
    }

    /// <summary>
    /// Re-runs the draw with a seed someone claims is the committed one: refused (409) unless SHA-256(seed) equals the published
    /// commitment; then the published algorithm is run on the stored applicants (with the published public random value, if any)
    /// and compared with the stored winners.
    /// </summary>
    public async Task<VerifyOutcome> VerifyAsync(long eventId, string? seedText, CancellationToken ct)
    {
        var e = await store.FindAsync(eventId, ct) ?? throw new NotFoundException(l["未找到该补贴活动"]);
        if (e.AllocationMode != AllocationMode.Lottery) throw new NotFoundException(l["该活动为先到先得，没有抽签"]);
        var seed = LotteryDraw.ParseSeed(seedText) ?? throw new InputValidationException("seed", l["种子应为64位十六进制字符（32字节）"]);
        var commitment = LotteryDraw.Hex(e.SeedSha256);
        if (!LotteryDraw.Commitment(seed).AsSpan().SequenceEqual(e.SeedSha256))
            throw new BusinessRuleException(l["该种子的SHA-256（{0}）与本活动事先公布的承诺值（{1}）不一致，不是本次抽签承诺的种子，不能据此重新抽签",
                LotteryDraw.Hex(LotteryDraw.Commitment(seed)), commitment], "seed-mismatch");
        if (!e.Drawn) throw new BusinessRuleException(l["该活动尚未抽签"], "not-drawn");
        // A drawn event never changes: the re-run with the committed seed is computed once per instance and kept a while, so
        // many members verifying at once do not each recompute tens of thousands of tickets.
        return await cache.GetOrCreateAsync(("subsidy.verify", eventId, System.Globalization.CultureInfo.CurrentUICulture.Name), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            return await RerunAsync(eventId, LotteryDraw.DrawKey(seed, e.BeaconValue), commitment, ct);
        }) ?? throw new InvalidOperationException("no verify outcome");
    }

    private async Task<VerifyOutcome> RerunAsync(long eventId, byte[] drawKey, string commitment, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (slots, applicants) = await InputsAsync(conn, null, eventId, ct);
        var published = await WinnersAsync(conn, eventId, ct);
        var recomputed = LotteryDraw.Run(drawKey, slots, applicants);
        var differences = applicants.Count(a =>
            published.TryGetValue(a.ApplicationId, out var p) != recomputed.TryGetValue(a.ApplicationId, out var r) || p != r);
        var matches = differences == 0;
        return new VerifyOutcome(matches, commitment, applicants.Count, recomputed.Count, differences,
            matches ? l["验证通过：种子与承诺值一致，重新抽签的{0}名中签者与公布结果完全相同", recomputed.Count] : l["验证不一致：有{0}名报名者的结果与公布结果不同", differences]);
    }

    /// <summary>The draw's inputs: every slot of the event, and every application (all were made before the window closed).</summary>
    private static async Task<(IReadOnlyList<DrawSlot>, IReadOnlyList<DrawApplicant>)> InputsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long eventId,
        CancellationToken ct)
    {
        var slots = (await conn.QueryAsync<(long Id, DateTime StartsAt, int Capacity)>(new CommandDefinition(
            "select id, starts_at, capacity from subsidy.slots where event_id = @eventId order by starts_at, id", new { eventId }, tx, cancellationToken: ct)))
            .Select(s => new DrawSlot(s.Id, s.StartsAt, s.Capacity)).ToList();
        var applicants = new List<DrawApplicant>();
        await using (var cmd = new NpgsqlCommand("select id, preferred_slot_id, accept_other from subsidy.applications where event_id = $1 order by id", conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = eventId });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) applicants.Add(new DrawApplicant(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetBoolean(2)));
        }
        return (slots, applicants);
    }

    private static async Task<Dictionary<long, long>> WinnersAsync(NpgsqlConnection conn, long eventId, CancellationToken ct)
    {
        var result = new Dictionary<long, long>();
        await using var cmd = new NpgsqlCommand("select id, slot_id from subsidy.applications where event_id = $1 and status = 2", conn);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = eventId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetInt64(0)] = r.GetInt64(1);
        return result;
    }
}
