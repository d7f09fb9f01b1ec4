using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Apply;

/// <summary>What a member sends: the slot (first-come: required; lottery: the preferred one, or none for any) and, for the lottery,
/// whether another slot is acceptable when the preferred one is full (default yes).</summary>
public sealed record ApplyRequest(long? SlotId, bool? AcceptOther);

/// <summary>
/// A member applies, once per event. First-come takes a place in the same statement that records the application: a conditional
/// update of the slot's counter (taken &lt; capacity) feeding the insert, so a full slot inserts nothing, and a second application of the
/// same member fails on the unique index and undoes the counter (one statement, one transaction). Lottery applications are
/// recorded with the preference and wait for the draw.
/// </summary>
internal sealed class ApplyService(
    NpgsqlDataSource dataSource,
    EventStore store,
    IMemberDirectory members,
    IOrganisationDirectory unions,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<SubsidyEventsText> l)
{
    private const string FirstComeSql = """
        with s as (
            update subsidy.slots set taken = taken + 1
            where id = @slotId and event_id = @eventId and taken < capacity and starts_at > @now
            returning id)
        insert into subsidy.applications (event_id, member_id, member_no, union_id, preferred_slot_id, accept_other, slot_id, status, created_at)
        select @eventId, @memberId, @memberNo, @unionId, s.id, false, s.id, 2, @now from s
        returning id
        """;

    public async Task<ApplicationView> ApplyAsync(long eventId, ApplyRequest request, CancellationToken ct)
    {
        var member = await RequireMemberAsync(ct);
        var e = await store.RequireCachedAsync(eventId, ct);
        await RequireEligibleAsync(member, e, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < e.ApplyOpensAt) throw new BusinessRuleException(l["报名尚未开始（{0}开始）", LocalTime.DateTimeText(e.ApplyOpensAt)], "not-open");
        if (now >= e.ApplyClosesAt || e.Drawn) throw new BusinessRuleException(l["报名已截止（{0}截止）", LocalTime.DateTimeText(e.ApplyClosesAt)], "closed");

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { eventId, memberId = member.Id, memberNo = member.MemberNo, unionId = member.UnionId, slotId = request.SlotId, now };
        try
        {
            if (e.AllocationMode == AllocationMode.FirstCome)
            {
                if (request.SlotId is not > 0) throw new InputValidationException("slotId", l["请选择入场时段"]);
                var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(FirstComeSql, args, cancellationToken: ct));
                if (id is { } applied) return await MineAsync(conn, eventId, member.Id, ct) ?? throw new InvalidOperationException($"application {applied} vanished");
                await ExplainRefusalAsync(conn, eventId, member.Id, request.SlotId.Value, now, ct);
            }
            else
            {
                if (request.SlotId is { } wanted && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                        "select exists (select 1 from subsidy.slots where id = @wanted and event_id = @eventId)", new { wanted, eventId }, cancellationToken: ct)))
                    throw new NotFoundException(l["未找到该时段"]);
                await conn.ExecuteAsync(new CommandDefinition("""
                    insert into subsidy.applications (event_id, member_id, member_no, union_id, preferred_slot_id, accept_other, status, created_at)
                    values (@eventId, @memberId, @memberNo, @unionId, @slotId, @acceptOther, 1, @now)
                    """, new { args.eventId, args.memberId, args.memberNo, args.unionId, args.slotId, acceptOther = request.SlotId is null || (request.AcceptOther ?? true), now },
                    cancellationToken: ct));
                return (await MineAsync(conn, eventId, member.Id, ct))!;
            }
        }
        catch (PostgresException x) when (x.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw AlreadyApplied();
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Why a first-come application inserted nothing: applied before, slot not of this event, started, or full.</summary>
    private async Task ExplainRefusalAsync(NpgsqlConnection conn, long eventId, long memberId, long slotId, DateTime now, CancellationToken ct)
    {
        var facts = await conn.QuerySingleAsync<(bool Applied, DateTime? StartsAt)>(new CommandDefinition("""
            select exists (select 1 from subsidy.applications where event_id = @eventId and member_id = @memberId),
                   (select starts_at from subsidy.slots where id = @slotId and event_id = @eventId)
            """, new { eventId, memberId, slotId }, cancellationToken: ct));
        if (facts.Applied) throw AlreadyApplied();
        if (facts.StartsAt is not { } starts) throw new NotFoundException(l["未找到该时段"]);
        if (starts <= now) throw new BusinessRuleException(l["该时段已开始，不能报名"], "slot-started");
        throw new BusinessRuleException(l["该时段已约满，请选择其他时段"], "slot-full");
    }

    private BusinessRuleException AlreadyApplied() => new(l["您已报名该活动，每人限报一次"], "already-applied");

    /// <summary>The member's application to the event, or null.</summary>
    public async Task<ApplicationView?> MineAsync(long eventId, CancellationToken ct)
    {
        if (user.MemberId is not { } memberId) return null;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await MineAsync(conn, eventId, memberId, ct);
    }

    private async Task<ApplicationView?> MineAsync(NpgsqlConnection conn, long eventId, long memberId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<MineRow>(new CommandDefinition("""
            select a.id, a.status, a.preferred_slot_id as PreferredSlotId, a.accept_other as AcceptOther, a.slot_id as SlotId, s.starts_at as StartsAt,
                   s.ends_at as EndsAt, a.created_at as CreatedAt, a.receipt_sent_at is not null as ReceiptSent, a.entered_at as EnteredAt
            from subsidy.applications a left join subsidy.slots s on s.id = a.slot_id
            where a.event_id = @eventId and a.member_id = @memberId
            """, new { eventId, memberId }, cancellationToken: ct));
        if (row is null) return null;
        var status = (ApplicationStatus)row.Status;
        var (code, label) = status switch
        {
            ApplicationStatus.Applied => ("applied", l["已报名，等待抽签"].Value),
            ApplicationStatus.Won => ("won", l["已获得入场名额"].Value),
            _ => ("not-drawn", l["未中签"].Value),
        };
        return new ApplicationView(row.Id, eventId, code, label, row.PreferredSlotId, row.AcceptOther, row.SlotId,
            row.StartsAt is { } s && row.EndsAt is { } en ? LocalTime.SlotText(s, en) : null, row.CreatedAt, row.ReceiptSent, row.EnteredAt);
    }

    private async Task<MemberRef> RequireMemberAsync(CancellationToken ct)
    {
        var id = user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以报名，请先申请入会"], "not-a-member");
        var member = await members.FindAsync(id, ct);
        if (member is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以报名，请先申请入会"], "not-a-member");
        return member;
    }

    private async Task RequireEligibleAsync(MemberRef member, EventRow e, CancellationToken ct)
    {
        var eventUnion = await unions.FindAsync(e.UnionId, ct);
        var memberUnion = await unions.FindAsync(member.UnionId, ct);
        // A member outside the event's subtree does not see it (as GET /mine/{id}): 404, the same as for no event, and not
        // the name of the union that published it.
        if (eventUnion is null || memberUnion is null || !memberUnion.IsWithin(eventUnion.Path))
            throw new NotFoundException(l["未找到该补贴活动"]);
    }

    private sealed record MineRow(long Id, short Status, long? PreferredSlotId, bool AcceptOther, long? SlotId, DateTime? StartsAt, DateTime? EndsAt,
        DateTime CreatedAt, bool ReceiptSent, DateTime? EnteredAt);
}
