using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Members.Search;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Update;

/// <summary>Changes to a member: status (zh-CN label, English name or number) and tags to add or remove.</summary>
internal sealed record MemberPatch(string? Status, string[]? AddTags, string[]? RemoveTags);

internal sealed class MemberUpdates(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    IAuditLog audit,
    ICurrentUser user,
    IStringLocalizer<MembersText> l)
{
    /// <summary>Applies the patch in one transaction with a history event and an audit entry; returns what changed.</summary>
    public async Task<MemberChange> UpdateAsync(long memberId, MemberPatch patch, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from members.members where id = @memberId", new { memberId }, cancellationToken: ct));
        if (unionId is null) throw new NotFoundException(l["未找到"]);
        await gate.RequireAsync(Permission.ManageMembers, unionId.Value, ct);

        var errors = new FieldErrors(l);
        MemberStatus? status = null;
        if (!string.IsNullOrWhiteSpace(patch.Status))
        {
            status = MemberFields.Status(patch.Status, out var error);
            if (status is null) errors.Add("status", error);
        }
        var add = MemberFields.Tags(patch.AddTags, out var tagError);
        if (add is null) errors.Add("addTags", tagError);
        var remove = (patch.RemoveTags ?? []).Select(t => (t ?? "").Trim()).Where(t => t.Length > 0).Distinct().ToArray();
        if (status is null && add is { Length: 0 } && remove.Length == 0 && !errors.Any) errors.Add("body", "没有需要修改的内容");
        errors.ThrowIfAny();

        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await conn.QuerySingleAsync<Current>(new CommandDefinition(
            "select union_id as UnionId, status, tags from members.members where id = @memberId for update", new { memberId }, tx, cancellationToken: ct));
        if (current.UnionId != unionId) await gate.RequireAsync(Permission.ManageMembers, current.UnionId, ct);

        var tags = current.Tags.Where(t => !remove.Contains(t, StringComparer.Ordinal)).ToList();
        foreach (var t in add!)
            if (!tags.Contains(t, StringComparer.Ordinal)) tags.Add(t);
        if (tags.Count > MemberFields.MaxTags)
        {
            errors.Add("addTags", "每位会员最多10个标签");
            errors.ThrowIfAny();
        }
        var added = tags.Except(current.Tags, StringComparer.Ordinal).ToArray();
        var removed = current.Tags.Except(tags, StringComparer.Ordinal).ToArray();
        var oldStatus = (MemberStatus)current.Status;
        var newStatus = status ?? oldStatus;
        var change = new MemberChange(memberId, oldStatus, newStatus, added, removed);
        if (!change.Any) return change;

        await conn.ExecuteAsync(new CommandDefinition(
            "update members.members set status = @status, tags = @tags, updated_at = now(), version = version + 1 where id = @memberId",
            new { memberId, status = (short)newStatus, tags = tags.ToArray() }, tx, cancellationToken: ct));
        if (newStatus != oldStatus)
            await Event(conn, tx, memberId, current.UnionId, MemberEvents.StatusChanged, new { from = MemberQuery.JsonEnum(oldStatus), to = MemberQuery.JsonEnum(newStatus) }, ct);
        if (added.Length + removed.Length > 0)
            await Event(conn, tx, memberId, current.UnionId, MemberEvents.TagsChanged, new { added, removed }, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.MemberUpdated, "member", memberId.ToString(CultureInfo.InvariantCulture), current.UnionId, new
        {
            status = newStatus != oldStatus ? new { from = MemberQuery.JsonEnum(oldStatus), to = MemberQuery.JsonEnum(newStatus) } : null,
            added,
            removed,
        }), tx, ct);
        await tx.CommitAsync(ct);
        return change;
    }

    private Task Event(NpgsqlConnection conn, NpgsqlTransaction tx, long memberId, long unionId, string kind, object detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into members.membership_events (member_id, kind, from_union_id, to_union_id, detail, actor_staff_id)
            values (@memberId, @kind, @unionId, @unionId, @detail::jsonb, @staff)
            """, new { memberId, kind, unionId, detail = JsonSerializer.Serialize(detail), staff = user.StaffId }, tx, cancellationToken: ct));
}

/// <summary>Settable class: Dapper's constructor matching refuses text[] (System.Array) for string[].</summary>
internal sealed class Current
{
    public long UnionId { get; set; }

    public short Status { get; set; }

    public string[] Tags { get; set; } = [];
}

internal sealed record MemberChange(long MemberId, MemberStatus OldStatus, MemberStatus NewStatus, string[] Added, string[] Removed)
{
    public bool Any => OldStatus != NewStatus || Added.Length > 0 || Removed.Length > 0;
}
