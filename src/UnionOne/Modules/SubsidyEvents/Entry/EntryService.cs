using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Modules.SubsidyEvents.Events;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.SubsidyEvents.Entry;

public sealed record EntryRequest(string? Code);

/// <summary>An admitted entry: who (masked) and their slot.</summary>
public sealed record EntryView(long ApplicationId, string MaskedName, string MemberNo, string Slot, DateTime EnteredAt, string Message);

/// <summary>
/// The door check (staff): a member code (read single-use in scope "subsidy:{eventId}") or the 10-digit receipt code. Admitted only
/// for a member holding a place, inside their own slot (with a grace period either side), once: the entry is a conditional update
/// (entered_at is null), so two scans of the same code admit one.
/// </summary>
internal sealed class EntryService(
    NpgsqlDataSource dataSource,
    SubsidyStaff staff,
    IMemberCodes codes,
    IMemberDirectory members,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock,
    IOptions<SubsidyOptions> options,
    IStringLocalizer<SubsidyEventsText> l)
{
    public async Task<EntryView> EnterAsync(long eventId, string? text, CancellationToken ct)
    {
        var e = await staff.RequireAsync(eventId, SubsidyStaff.Manage, ct);
        var scanned = (text ?? "").Trim();
        if (scanned.Length == 0) throw new InputValidationException("code", l["请扫描会员码或输入短信入场码"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        Holder? holder;
        if (EntryCodes.Normalise(scanned) is { } receipt)
        {
            holder = await FindAsync(conn, "a.event_id = @eventId and a.entry_code_hash = @hash", new { eventId, hash = EntryCodes.Hash(eventId, receipt) }, ct);
            if (holder is null) throw new BusinessRuleException(l["入场码无效：未找到该入场码，请核对短信"], "unknown-code");
        }
        else
        {
            var check = await codes.ReadAsync(scanned, $"subsidy:{eventId}", ct);
            if (!check.Valid || check.MemberId is not { } memberId) throw new BusinessRuleException(check.Message, "member-code-refused");
            holder = await FindAsync(conn, "a.event_id = @eventId and a.member_id = @memberId", new { eventId, memberId }, ct);
            if (holder is not { Status: (short)ApplicationStatus.Won })
                throw new BusinessRuleException(l["{0}没有本活动的入场名额", check.MaskedName ?? ""], "no-place");
        }
        var name = Mask.Name((await members.FindAsync(holder.MemberId, ct))?.Name);
        var slot = LocalTime.SlotText(holder.StartsAt!.Value, holder.EndsAt!.Value);
        if (holder.EnteredAt is { } was)
            throw new BusinessRuleException(l["该入场名额已使用：{0}已于{1}入场", name, LocalTime.DateTimeText(was)], "already-entered");
        var now = clock.GetUtcNow().UtcDateTime;
        var grace = TimeSpan.FromMinutes(options.Value.EntryGraceMinutes);
        if (now < holder.StartsAt.Value - grace || now > holder.EndsAt.Value + grace)
            throw new BusinessRuleException(l["不在入场时段：{0}的入场时段为{1}，请在该时段内入场", name, slot], "outside-slot");

        await using var tx = await conn.BeginTransactionAsync(ct);
        var entered = await conn.ExecuteAsync(new CommandDefinition(
            "update subsidy.applications set entered_at = @now, entered_by = @by where id = @id and entered_at is null",
            new { id = holder.Id, now, by = user.StaffId }, tx, cancellationToken: ct));
        if (entered == 0) throw new BusinessRuleException(l["该入场名额已使用：{0}已入场", name], "already-entered");
        await audit.WriteAsync(new AuditEntry(SubsidyAuditActions.Entered, "subsidy-application", holder.Id.ToString(CultureInfo.InvariantCulture), e.UnionId,
            new { eventId, holder.MemberNo }), tx, ct);
        await tx.CommitAsync(ct);
        return new EntryView(holder.Id, name, holder.MemberNo, slot, now, l["核验通过：{0}，入场时段{1}", name, slot]);
    }

    private static Task<Holder?> FindAsync(NpgsqlConnection conn, string where, object args, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Holder>(new CommandDefinition($"""
            select a.id, a.member_id as MemberId, a.member_no as MemberNo, a.status, s.starts_at as StartsAt, s.ends_at as EndsAt, a.entered_at as EnteredAt
            from subsidy.applications a left join subsidy.slots s on s.id = a.slot_id
            where {where}
            """, args, cancellationToken: ct));

    private sealed record Holder(long Id, long MemberId, string MemberNo, short Status, DateTime? StartsAt, DateTime? EndsAt, DateTime? EnteredAt);
}
