using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Transfers;

/// <summary>
/// Starts a transfer. The new union's staff ask for a member by member number and name (the member told them both);
/// the old union's staff propose a member of theirs (member number or id) to a target union by id or join code.
/// </summary>
internal sealed record TransferInput(string? MemberNo, long? MemberId, string? MemberName, long? ToUnionId, string? ToJoinCode, string? Reason);

internal sealed record TransferView(
    long Id,
    long MemberId,
    string MemberNo,
    string MemberName,
    long FromUnionId,
    string FromUnionName,
    long ToUnionId,
    string ToUnionName,
    string Status,
    string StatusLabel,
    bool InitiatedByFromUnion,
    string? Reason,
    string? ClosedReason,
    DateTime RequestedAt,
    DateTime? ReleasedAt,
    DateTime? AcceptedAt,
    DateTime? ClosedAt,
    bool CanRelease,
    bool CanAccept,
    bool CanReject);

/// <summary>会籍转移: the old union releases, the new union accepts; either may refuse or withdraw with a reason.</summary>
internal sealed class TransferService(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    IOrganisationDirectory directory,
    MemberSecrets secrets,
    IAuditLog audit,
    ICurrentUser user,
    MemberNotifier notifier,
    IStringLocalizer<MembersText> l)
{
    public async Task<TransferView> CreateAsync(TransferInput input, CancellationToken ct)
    {
        await gate.ScopeAsync(ct);
        var errors = new FieldErrors(l);
        var memberNo = (input.MemberNo ?? "").Trim().ToUpperInvariant();
        if (memberNo.Length == 0 && input.MemberId is null) errors.Add("memberNo", "请填写会员号");
        var joinCode = (input.ToJoinCode ?? "").Trim();
        if (input.ToUnionId is null && joinCode.Length == 0) errors.Add("toUnionId", "请填写转入工会（工会编号或入会码）");
        var reason = MemberFields.Reason(input.Reason, required: false, out var error);
        if (error.Length > 0) errors.Add("reason", error);
        errors.ThrowIfAny();

        var target = input.ToUnionId is { } toId ? await directory.FindAsync(toId, ct) : await directory.FindByJoinCodeAsync(joinCode, ct);
        if (target is not { IsActive: true })
        {
            errors.Add(input.ToUnionId is null ? "toJoinCode" : "toUnionId", "转入工会不存在或已注销");
            errors.ThrowIfAny();
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var member = await conn.QuerySingleOrDefaultAsync<MemberRow>(new CommandDefinition(
            memberNo.Length > 0
                ? "select id, member_no as MemberNo, name, union_id as UnionId, status from members.members where member_no = @memberNo"
                : "select id, member_no as MemberNo, name, union_id as UnionId, status from members.members where id = @memberId",
            new { memberNo, memberId = input.MemberId }, cancellationToken: ct));

        var fromSide = member is not null && await gate.CanAsync(Permission.ManageMembers, member.UnionId, ct);
        var toSide = await gate.CanAsync(Permission.ManageMembers, target!.Id, ct);
        if (member is null || (!fromSide && !MemberNameMatches(member, input.MemberName)))
        {
            // The new union knows the member only by what the member told them: number and name must both match.
            throw new NotFoundException(l["未找到该会员，请核对会员号和姓名"]);
        }
        if (!fromSide && !toSide)
        {
            if (await gate.CanAsync(Permission.Read, target.Id, ct) || await gate.CanAsync(Permission.Read, member.UnionId, ct))
                throw new ForbiddenException(l["您的角色无权执行此操作"]);
            throw new NotFoundException(l["未找到"]);
        }
        if ((MemberStatus)member.Status != MemberStatus.Active) throw new BusinessRuleException(l["只有在会会员可以办理会籍转移"]);
        if (member.UnionId == target.Id) throw new BusinessRuleException(l["该会员已在此工会"]);

        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        try
        {
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into members.transfers (member_id, from_union_id, to_union_id, status, reason, requested_by, initiated_by_from, released_by, released_at)
                values (@memberId, @fromId, @toId, @status, @reason, @staff, @fromSide, case when @fromSide then @staff end, case when @fromSide then now() end)
                returning id
                """, new
            {
                memberId = member.Id,
                fromId = member.UnionId,
                toId = target.Id,
                status = (short)(fromSide ? TransferStatus.Released : TransferStatus.Requested),
                reason,
                staff = user.StaffId,
                fromSide,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "transfers_one_open")
        {
            throw new BusinessRuleException(l["该会员已有进行中的会籍转移"]);
        }
        if (fromSide)
        {
            await audit.WriteAsync(new AuditEntry(AuditActions.TransferReleased, "transfer", Id(id), member.UnionId,
                new { memberId = member.Id, fromUnionId = member.UnionId, toUnionId = target.Id }), tx, ct);
        }
        await tx.CommitAsync(ct);
        return await FindAsync(id, ct);
    }

    public async Task<TransferView> ReleaseAsync(long id, CancellationToken ct)
    {
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var t = await LockVisibleAsync(conn, tx, id, ct);
            await RequireSideAsync(t.FromUnionId, ct);
            if ((TransferStatus)t.Status != TransferStatus.Requested) throw new BusinessRuleException(l["该转移当前不能放行"]);
            await conn.ExecuteAsync(new CommandDefinition(
                "update members.transfers set status = 2, released_by = @staff, released_at = now() where id = @id",
                new { id, staff = user.StaffId }, tx, cancellationToken: ct));
            await audit.WriteAsync(new AuditEntry(AuditActions.TransferReleased, "transfer", Id(id), t.FromUnionId,
                new { memberId = t.MemberId, fromUnionId = t.FromUnionId, toUnionId = t.ToUnionId }), tx, ct);
            await tx.CommitAsync(ct);
        }
        return await FindAsync(id, ct);
    }

    public async Task<TransferView> AcceptAsync(long id, CancellationToken ct)
    {
        string phone, fromName, toName;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var t = await LockVisibleAsync(conn, tx, id, ct);
            var to = await RequireSideAsync(t.ToUnionId, ct);
            var status = (TransferStatus)t.Status;
            if (status == TransferStatus.Requested) throw new BusinessRuleException(l["原工会尚未放行，暂不能接收"]);
            if (status != TransferStatus.Released) throw new BusinessRuleException(l["该转移已结束"]);
            if (!to.IsActive) throw new BusinessRuleException(l["转入工会不存在或已注销"]);

            var member = await conn.QuerySingleAsync<(long UnionId, short Status, byte[] PhoneEnc)>(new CommandDefinition(
                "select union_id, status, phone_enc from members.members where id = @memberId for update", new { memberId = t.MemberId }, tx, cancellationToken: ct));
            if (member.UnionId != t.FromUnionId || (MemberStatus)member.Status != MemberStatus.Active)
                throw new BusinessRuleException(l["会员的会籍已发生变化，请撤销本次转移后重新发起"]);

            var detail = JsonSerializer.Serialize(new { transferId = id });
            await conn.ExecuteAsync(new CommandDefinition("""
                update members.members set union_id = @to, in_holding_pool = false, updated_at = now(), version = version + 1 where id = @memberId;
                update members.transfers set status = 3, accepted_by = @staff, accepted_at = now() where id = @id;
                insert into members.membership_events (member_id, kind, from_union_id, to_union_id, detail, actor_staff_id)
                values (@memberId, 'transferred_out', @from, @to, @detail::jsonb, @staff),
                       (@memberId, 'transferred_in', @from, @to, @detail::jsonb, @staff);
                """, new { id, memberId = t.MemberId, from = t.FromUnionId, to = t.ToUnionId, staff = user.StaffId, detail }, tx, cancellationToken: ct));
            await audit.WriteAsync(new AuditEntry(AuditActions.TransferAccepted, "member", Id(t.MemberId), t.ToUnionId,
                new { transferId = id, fromUnionId = t.FromUnionId, toUnionId = t.ToUnionId }), tx, ct);
            await tx.CommitAsync(ct);
            phone = secrets.DecryptPhone(member.PhoneEnc);
            fromName = (await directory.FindAsync(t.FromUnionId, ct))?.Name ?? "";
            toName = to.Name;
        }
        await notifier.SendAsync(phone, $"【工会一码通】您的会籍已由{fromName}转入{toName}。", "transfer-accepted", ct);
        return await FindAsync(id, ct);
    }

    public async Task<TransferView> RejectAsync(long id, string? reasonInput, CancellationToken ct)
    {
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var t = await LockVisibleAsync(conn, tx, id, ct);
            var canFrom = await gate.CanAsync(Permission.ManageMembers, t.FromUnionId, ct);
            var canTo = await gate.CanAsync(Permission.ManageMembers, t.ToUnionId, ct);
            if (!canFrom && !canTo) throw new ForbiddenException(l["您的角色无权执行此操作"]);
            var reason = MemberFields.Reason(reasonInput, required: true, out var error);
            if (reason is null)
            {
                var errors = new FieldErrors(l);
                errors.Add("reason", error);
                errors.ThrowIfAny();
            }
            var status = (TransferStatus)t.Status;
            if (!status.IsOpen()) throw new BusinessRuleException(l["该转移已结束"]);
            // The side whose turn it is refuses; the other side withdraws.
            var turnIsFrom = status == TransferStatus.Requested;
            var closedAs = (turnIsFrom ? canFrom : canTo) ? TransferStatus.Rejected : TransferStatus.Cancelled;
            await conn.ExecuteAsync(new CommandDefinition(
                "update members.transfers set status = @closedAs, closed_reason = @reason, closed_by = @staff, closed_at = now() where id = @id",
                new { id, closedAs = (short)closedAs, reason, staff = user.StaffId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return await FindAsync(id, ct);
    }

    /// <summary>Transfers into (direction "in") or out of ("out") the caller's subtree, or both; open ones unless <paramref name="includeClosed"/>.</summary>
    public async Task<IReadOnlyList<TransferView>> ListAsync(string? direction, bool includeClosed, CancellationToken ct)
    {
        var scope = await gate.SubtreeAsync(Permission.Read, null, ct);
        if (!scope.All && scope.UnionIds.Count == 0) return [];
        var dir = (direction ?? "").Trim().ToLowerInvariant();
        if (dir is not ("" or "in" or "out")) throw new InputValidationException("direction", l["direction 只能是 in 或 out"]);
        var where = new List<string>();
        if (!scope.All)
        {
            where.Add(dir switch
            {
                "in" => "t.to_union_id = any(@unions)",
                "out" => "t.from_union_id = any(@unions)",
                _ => "(t.to_union_id = any(@unions) or t.from_union_id = any(@unions))",
            });
        }
        if (!includeClosed) where.Add("t.status in (1, 2)");
        var rows = await QueryAsync($"{(where.Count > 0 ? "where " + string.Join(" and ", where) : "")} order by t.requested_at desc, t.id desc limit 200",
            new { unions = scope.UnionIds.ToArray() }, ct);
        var result = new List<TransferView>(rows.Count);
        foreach (var r in rows) result.Add(await ViewAsync(r, ct));
        return result;
    }

    public async Task<TransferView> FindAsync(long id, CancellationToken ct)
    {
        var rows = await QueryAsync("where t.id = @id", new { id }, ct);
        var row = rows.SingleOrDefault() ?? throw new NotFoundException(l["未找到"]);
        if (!await gate.CanAsync(Permission.Read, row.FromUnionId, ct) && !await gate.CanAsync(Permission.Read, row.ToUnionId, ct))
            throw new NotFoundException(l["未找到"]);
        return await ViewAsync(row, ct);
    }

    private async Task<IReadOnlyList<Row>> QueryAsync(string tail, object args, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select t.id, t.member_id as MemberId, m.member_no as MemberNo, m.name as MemberName, t.from_union_id as FromUnionId, t.to_union_id as ToUnionId,
                   t.status, t.initiated_by_from as InitiatedByFrom, t.reason, t.closed_reason as ClosedReason, t.requested_at as RequestedAt,
                   t.released_at as ReleasedAt, t.accepted_at as AcceptedAt, t.closed_at as ClosedAt
            from members.transfers t
            join members.members m on m.id = t.member_id
            {tail}
            """, args, cancellationToken: ct));
        return rows.AsList();
    }

    private async Task<TransferView> ViewAsync(Row r, CancellationToken ct)
    {
        var status = (TransferStatus)r.Status;
        var canFrom = await gate.CanAsync(Permission.ManageMembers, r.FromUnionId, ct);
        var canTo = await gate.CanAsync(Permission.ManageMembers, r.ToUnionId, ct);
        return new TransferView(r.Id, r.MemberId, r.MemberNo, r.MemberName, r.FromUnionId, (await directory.FindAsync(r.FromUnionId, ct))?.Name ?? "",
            r.ToUnionId, (await directory.FindAsync(r.ToUnionId, ct))?.Name ?? "", status.ToString().ToLowerInvariant(), l[status.Label()], r.InitiatedByFrom,
            r.Reason, r.ClosedReason, r.RequestedAt, r.ReleasedAt, r.AcceptedAt, r.ClosedAt,
            status == TransferStatus.Requested && canFrom, status == TransferStatus.Released && canTo, status.IsOpen() && (canFrom || canTo));
    }

    /// <summary>Locks the transfer; 404 unless the caller can see one of its two unions.</summary>
    private async Task<Locked> LockVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct)
    {
        var t = await conn.QuerySingleOrDefaultAsync<Locked>(new CommandDefinition(
            "select member_id as MemberId, from_union_id as FromUnionId, to_union_id as ToUnionId, status from members.transfers where id = @id for update",
            new { id }, tx, cancellationToken: ct));
        if (t is null || (!await gate.CanAsync(Permission.Read, t.FromUnionId, ct) && !await gate.CanAsync(Permission.Read, t.ToUnionId, ct)))
            throw new NotFoundException(l["未找到"]);
        return t;
    }

    /// <summary>The caller already sees the transfer: without the permission on this side it is 403, not 404.</summary>
    private async Task<UnionSummary> RequireSideAsync(long unionId, CancellationToken ct)
    {
        if (!await gate.CanAsync(Permission.ManageMembers, unionId, ct)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return await directory.FindAsync(unionId, ct) ?? throw new NotFoundException(l["未找到"]);
    }

    private static bool MemberNameMatches(MemberRow member, string? name) =>
        string.Equals(member.Name, MemberFields.Name(name, out _), StringComparison.Ordinal);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record MemberRow(long Id, string MemberNo, string Name, long UnionId, short Status);

    private sealed record Locked(long MemberId, long FromUnionId, long ToUnionId, short Status);

    private sealed record Row(long Id, long MemberId, string MemberNo, string MemberName, long FromUnionId, long ToUnionId, short Status, bool InitiatedByFrom,
        string? Reason, string? ClosedReason, DateTime RequestedAt, DateTime? ReleasedAt, DateTime? AcceptedAt, DateTime? ClosedAt);
}
