using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Events;

/// <summary>Staff publish subsidy events for their subtree and look at them.</summary>
internal sealed class EventService(
    NpgsqlDataSource dataSource,
    EventStore store,
    SubsidyStaff staff,
    IValidator<EventInput> validator,
    IAuditLog audit,
    Organisations.Contracts.IOrganisationDirectory unions,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<SubsidyEventsText> l)
{
    /// <summary>
    /// Publishes an event: its slots, and the lottery commitment (a fresh 32-byte seed kept secret, its SHA-256 published), in one
    /// transaction. Slots must start in the future and after the application window closes.
    /// </summary>
    public async Task<EventView> CreateAsync(EventInput input, CancellationToken ct)
    {
        Validate(input);
        await staff.RequireUnionAsync(input.UnionId!.Value, SubsidyStaff.Manage, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var opens = LocalTime.ParseDateTime(input.ApplyOpensAt)!.Value;
        var closes = LocalTime.ParseDateTime(input.ApplyClosesAt)!.Value;
        var slots = SlotPlan.From(input);
        if (closes <= opens) throw new InputValidationException("applyClosesAt", l["报名截止时间须晚于报名开始时间"]);
        if (closes <= now) throw new InputValidationException("applyClosesAt", l["报名截止时间须晚于现在"]);
        if (slots[0].StartsAt <= now) throw new InputValidationException("firstDay", l["时段开始时间不能早于现在（首个时段 {0}）", LocalTime.DateTimeText(slots[0].StartsAt)]);
        if (slots[0].StartsAt < closes) throw new InputValidationException("applyClosesAt", l["报名须在首个入场时段（{0}）开始前截止", LocalTime.DateTimeText(slots[0].StartsAt)]);

        var seed = RandomNumberGenerator.GetBytes(LotteryDraw.SeedBytes);
        var mode = Modes.Parse(input.Mode)!.Value;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into subsidy.events (union_id, name, venue, mode, discount_min_pct, discount_max_pct, cap_fen, apply_opens_at, apply_closes_at,
                                        seed, seed_sha256, beacon_source, created_by, created_at)
            values (@unionId, @name, @venue, @mode, @min, @max, @cap, @opens, @closes, @seed, @hash, @beaconSource, @by, @now)
            returning id
            """, new
        {
            unionId = input.UnionId,
            name = input.Name!.Trim(),
            venue = input.Venue!.Trim(),
            mode = (short)mode,
            min = (short)input.DiscountMinPercent!.Value,
            max = (short)input.DiscountMaxPercent!.Value,
            cap = input.CapFen!.Value,
            opens,
            closes,
            seed,
            hash = LotteryDraw.Commitment(seed),
            beaconSource = input.BeaconSourceText,
            by = user.StaffId ?? 0,
            now,
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into subsidy.slots (event_id, starts_at, ends_at, capacity)
            select @id, s, e, @capacity from unnest(@starts, @ends) as t(s, e)
            """, new { id, capacity = input.Capacity!.Value, starts = slots.Select(s => s.StartsAt).ToArray(), ends = slots.Select(s => s.EndsAt).ToArray() },
            tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(SubsidyAuditActions.EventCreated, "subsidy-event", id.ToString(CultureInfo.InvariantCulture), input.UnionId,
            new { input.Name, mode = Modes.Code(mode), slots = slots.Count, input.Capacity, commitment = LotteryDraw.Hex(LotteryDraw.Commitment(seed)),
                beaconSource = input.BeaconSourceText }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetForStaffAsync(id, ct);
    }

    /// <summary>Events of unions the staff member may see, newest first.</summary>
    public async Task<IReadOnlyList<EventView>> ListForStaffAsync(CancellationToken ct)
    {
        var filter = await staff.SubtreeAsync(ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<EventRow>(new CommandDefinition($"""
            select {EventRow.Columns} from subsidy.events e
            where @all or e.union_id = any(@ids)
            order by e.id desc limit 200
            """, new { all = filter.All, ids = filter.UnionIds.ToArray() }, cancellationToken: ct))).AsList();
        var result = new List<EventView>(rows.Count);
        foreach (var r in rows) result.Add(await store.ViewAsync(r, ct));
        return result;
    }

    public async Task<EventView> GetForStaffAsync(long id, CancellationToken ct) =>
        await store.ViewAsync(await staff.RequireAsync(id, Permission.Read, ct), ct);

    /// <summary>The unions where the staff member may publish (for the form's select), in tree order.</summary>
    public async Task<IReadOnlyList<(long Id, string Name, int Depth)>> PublishableUnionsAsync(CancellationToken ct)
    {
        var scope = await staff.ScopeAsync(ct);
        return (await unions.ActiveInTreeOrderAsync(scope.RootsFor(SubsidyStaff.Manage), ct)).Select(x => (x.Union.Id, x.Union.Name, x.Depth)).ToList();
    }

    private void Validate(EventInput input)
    {
        var result = validator.Validate(input);
        if (result.IsValid) return;
        var errors = result.Errors
            .GroupBy(e => char.ToLowerInvariant(e.PropertyName[0]) + e.PropertyName[1..])
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        throw new InputValidationException(errors, l["提交的内容有误"]);
    }
}

internal static class SubsidyAuditActions
{
    public const string EventCreated = "subsidy.event-created";
    public const string Drawn = "subsidy.drawn";
    public const string Entered = "subsidy.entered";
}
