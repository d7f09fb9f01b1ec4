using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Money;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>Reads events and slots, and turns them into views. The event row is cached briefly for the application rush.</summary>
internal sealed class EventStore(NpgsqlDataSource dataSource, IMemoryCache cache, IOrganisationDirectory unions, IStringLocalizer<SubsidyEventsText> l)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<EventRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"select {EventRow.Columns} from subsidy.events e where e.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The event (cached for a few seconds; the fields applications need never change after publication).</summary>
    public async Task<EventRow> RequireCachedAsync(long id, CancellationToken ct)
    {
        if (cache.TryGetValue(("subsidy.event", id), out EventRow? row) && row is not null) return row;
        row = await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该补贴活动"]);
        cache.Set(("subsidy.event", id), row, CacheFor);
        return row;
    }

    public void Forget(long id) => cache.Remove(("subsidy.event", id));

    public async Task<IReadOnlyList<SlotRow>> SlotsAsync(long eventId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<SlotRow>(new CommandDefinition(
            $"select {SlotRow.Columns} from subsidy.slots s where s.event_id = @eventId order by s.starts_at, s.id", new { eventId }, cancellationToken: ct))).AsList();
    }

    public async Task<EventView> ViewAsync(EventRow e, CancellationToken ct)
    {
        var slots = await SlotsAsync(e.Id, ct);
        long applications;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            applications = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "select count(*) from subsidy.applications where event_id = @id", new { id = e.Id }, cancellationToken: ct));
        return await ViewAsync(e, slots, applications, DateTime.UtcNow, ct);
    }

    public async Task<EventView> ViewAsync(EventRow e, IReadOnlyList<SlotRow> slots, long applications, DateTime now, CancellationToken ct)
    {
        var union = await unions.FindAsync(e.UnionId, ct);
        var (phase, label) = Phase(e, now);
        return new EventView(e.Id, e.UnionId, union?.Name ?? "", e.Name, e.Venue, ModeCode(e), l[ModeLabel(e)], e.DiscountMinPct, e.DiscountMaxPct, e.CapFen,
            RuleText(e), e.ApplyOpensAt, e.ApplyClosesAt, $"{LocalTime.DateTimeText(e.ApplyOpensAt)} - {LocalTime.DateTimeText(e.ApplyClosesAt)}",
            phase, label, LotteryDraw.Hex(e.SeedSha256), e.Drawn ? LotteryDraw.Hex(e.Seed) : null, e.DrawnAt,
            slots.Sum(s => s.Capacity), slots.Sum(s => s.Taken), applications,
            slots.Select(s => new SlotView(s.Id, s.StartsAt, s.EndsAt, LocalTime.Day(s.StartsAt), $"{LocalTime.Time(s.StartsAt)}-{LocalTime.Time(s.EndsAt)}",
                s.Capacity, s.Taken, s.Capacity - s.Taken)).ToList(),
            e.BeaconSource, e.BeaconValue);
    }

    public string RuleText(EventRow e) => e.DiscountMinPct == e.DiscountMaxPct
        ? l["按价格的{0}%补贴，每人累计最高{1}", e.DiscountMinPct, Fen.Format(e.CapFen)]
        : l["按价格的{0}%-{1}%补贴（依商品档次），每人累计最高{2}", e.DiscountMinPct, e.DiscountMaxPct, Fen.Format(e.CapFen)];

    private static string ModeCode(EventRow e) => Events.Modes.Code(e.AllocationMode);

    private static string ModeLabel(EventRow e) => Events.Modes.Label(e.AllocationMode);

    private (string Code, string Label) Phase(EventRow e, DateTime now)
    {
        if (e.Drawn) return ("drawn", l["已抽签"]);
        if (now < e.ApplyOpensAt) return ("upcoming", l["报名未开始"]);
        if (now < e.ApplyClosesAt) return ("applying", l["报名中"]);
        return e.AllocationMode == AllocationMode.Lottery ? ("closed", l["报名已截止，待抽签"]) : ("closed", l["报名已截止"]);
    }
}
