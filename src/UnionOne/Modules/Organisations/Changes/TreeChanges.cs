using System.Text.Json;
using Dapper;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Admin;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Organisations.Changes;

/// <summary>
/// Structural changes of the tree: edit, move, merge, deregister. Each runs in one transaction under a
/// tree-wide advisory lock (structural changes are rare; the lock makes cycle checks safe against a
/// concurrent move), checks the tree in the database rather than the cached snapshot, and keeps every
/// member and their history (members are moved through the Members module's public service).
/// </summary>
internal sealed class TreeChanges(NpgsqlDataSource dataSource, OrganisationDirectory directory, IMembershipMoves moves, IAuditLog audit, IPersonalDataCipher cipher, Microsoft.Extensions.Localization.IStringLocalizer<OrganisationsText> l)
{
    private const long TreeLock = 0x6F72672E74726565; // "org.tree"

    public async Task EditAsync(long id, NewUnion changes, long actorStaffId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await LockAsync(conn, tx, id, ct);
        var parent = current.ParentId is { } p ? await directory.FindAsync(p, ct) : null;
        // Level, parent and kind of a node change only by moving; edit validates the rest against the node as it is.
        var candidate = changes with { Level = (UnionLevel)current.Level, ParentId = current.ParentId };
        var errors = UnionRules.Validate(candidate, parent, l);
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        var creditCode = string.IsNullOrWhiteSpace(candidate.CreditCode) ? null : SocialCreditCode.TryNormalize(candidate.CreditCode, out _);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update org.unions set name = @Name, kind = @Kind, region_code = @RegionCode, credit_code = @CreditCode, address = @Address,
                       contact_name = @ContactName, contact_phone_enc = @ContactPhoneEnc, founded_on = @FoundedOn,
                       employees_reported = @EmployeesReported, serves_new_employment = @ServesNewEmploymentForms,
                       updated_at = now(), version = version + 1
                where id = @id
                """, new
            {
                id,
                Name = candidate.Name.Trim(),
                candidate.Kind,
                candidate.RegionCode,
                CreditCode = creditCode,
                Address = candidate.Address?.Trim(),
                ContactName = candidate.ContactName?.Trim(),
                ContactPhoneEnc = string.IsNullOrWhiteSpace(candidate.ContactPhone) ? null : cipher.Encrypt(PersonalDataPurposes.ContactPhone, candidate.ContactPhone.Trim()),
                FoundedOn = candidate.FoundedOn?.ToDateTime(TimeOnly.MinValue),
                candidate.EmployeesReported,
                candidate.ServesNewEmploymentForms,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["该统一社会信用代码的单位已建立工会"]);
        }
        await EventAsync(conn, tx, id, "edited", new { candidate.Name }, actorStaffId, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.UnionUpdated, "union", id.ToString(System.Globalization.CultureInfo.InvariantCulture), id), tx, ct);
        await tx.CommitAsync(ct);
        directory.Invalidate();
    }

    public async Task MoveAsync(long id, long newParentId, long actorStaffId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var node = await LockAsync(conn, tx, id, ct);
        var parent = await LockAsync(conn, tx, newParentId, ct, "newParentId");
        if (node.ParentId is null) throw new BusinessRuleException(l["最上级工会不能移动"]);
        if (parent.Status != (short)UnionStatus.Active) throw new BusinessRuleException(l["新的上级工会已注销或合并"]);
        if (parent.Id == id || parent.Path == node.Path || parent.Path.StartsWith(node.Path + ".", StringComparison.Ordinal))
            throw new BusinessRuleException(l["不能把工会移到它自己或它的下级工会之下"]);
        if (parent.Level == (short)UnionLevel.Grassroots) throw new BusinessRuleException(l["基层工会下不能再设工会"]);
        if (parent.Level >= node.Level) throw new BusinessRuleException(l["新的上级工会层级必须高于本工会"]);
        if (node.ParentId == parent.Id) throw new BusinessRuleException(l["该工会已在这个上级工会之下"]);

        await conn.ExecuteAsync(new CommandDefinition("""
            update org.unions set path = @newParentPath::ltree || subpath(path, nlevel(@oldPath::ltree) - 1),
                   updated_at = now(), version = version + 1
            where path <@ @oldPath::ltree;
            update org.unions set parent_id = @newParentId where id = @id;
            """, new { id, newParentId, newParentPath = parent.Path, oldPath = node.Path }, tx, cancellationToken: ct));
        await EventAsync(conn, tx, id, "moved", new { from = node.ParentId, to = newParentId }, actorStaffId, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.UnionMoved, "union", Str(id), id, new { from = node.ParentId, to = newParentId }), tx, ct);
        await tx.CommitAsync(ct);
        directory.Invalidate();
    }

    /// <summary>Merges grassroots union <paramref name="id"/> into <paramref name="intoId"/>: its members, pending requests and transfers move; it is closed.</summary>
    public async Task<int> MergeAsync(long id, long intoId, long actorStaffId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var source = await LockAsync(conn, tx, id, ct);
        var target = await LockAsync(conn, tx, intoId, ct, "intoUnionId");
        if (id == intoId) throw new BusinessRuleException(l["不能与自身合并"]);
        if (source.Level != (short)UnionLevel.Grassroots || target.Level != (short)UnionLevel.Grassroots)
            throw new BusinessRuleException(l["只能合并两个基层工会"]);
        if (source.Status != (short)UnionStatus.Active || target.Status != (short)UnionStatus.Active)
            throw new BusinessRuleException(l["已注销或已合并的工会不能再合并"]);

        var moved = await moves.MoveAllAsync(id, intoId, $"工会合并：并入{target.Name}", tx, ct);
        await moves.ReaddressPendingAsync(id, intoId, tx, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update org.unions set status = 2, merged_into = @intoId, updated_at = now(), version = version + 1 where id = @id",
            new { id, intoId }, tx, cancellationToken: ct));
        await EventAsync(conn, tx, id, "merged", new { into = intoId, members = moved }, actorStaffId, ct);
        await EventAsync(conn, tx, intoId, "absorbed", new { from = id, members = moved }, actorStaffId, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.UnionMerged, "union", Str(id), id, new { into = intoId, members = moved }), tx, ct);
        await tx.CommitAsync(ct);
        directory.Invalidate();
        return moved;
    }

    /// <summary>Deregisters a union without active sub-unions; its members go to <paramref name="membersTo"/> (default: its parent's holding pool).</summary>
    public async Task<int> DeregisterAsync(long id, long? membersTo, string reason, long actorStaffId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200) throw new InputValidationException("reason", l["请填写注销原因（不超过200字）"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var node = await LockAsync(conn, tx, id, ct);
        if (node.Status != (short)UnionStatus.Active) throw new BusinessRuleException(l["该工会已注销或已合并"]);
        if (node.ParentId is null) throw new BusinessRuleException(l["最上级工会不能注销"]);
        var activeChildren = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from org.unions where parent_id = @id and status = 1", new { id }, tx, cancellationToken: ct));
        if (activeChildren > 0) throw new BusinessRuleException(l["该工会还有{0}个下级工会，请先移动或注销下级工会", activeChildren]);
        var targetId = membersTo ?? node.ParentId.Value;
        var target = await LockAsync(conn, tx, targetId, ct, "membersToUnionId");
        if (target.Id == id || target.Status != (short)UnionStatus.Active) throw new BusinessRuleException(l["会员接收工会无效"]);

        var moved = await moves.MoveAllAsync(id, targetId, $"工会注销：{reason.Trim()}", tx, ct);
        await moves.ReaddressPendingAsync(id, targetId, tx, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update org.unions set status = 3, updated_at = now(), version = version + 1 where id = @id", new { id }, tx, cancellationToken: ct));
        await EventAsync(conn, tx, id, "deregistered", new { reason = reason.Trim(), membersTo = targetId, members = moved }, actorStaffId, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.UnionDeregistered, "union", Str(id), id, new { membersTo = targetId, members = moved }), tx, ct);
        await tx.CommitAsync(ct);
        directory.Invalidate();
        return moved;
    }

    private async Task<Locked> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct, string field = "id")
    {
        await conn.ExecuteAsync(new CommandDefinition($"select pg_advisory_xact_lock({TreeLock})", transaction: tx, cancellationToken: ct));
        return await conn.QuerySingleOrDefaultAsync<Locked>(new CommandDefinition(
            "select id, name, level, parent_id as ParentId, path::text as Path, status from org.unions where id = @id for update",
            new { id }, tx, cancellationToken: ct)) ?? throw new InputValidationException(field, l["工会不存在"]);
    }

    private static Task EventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long unionId, string kind, object detail, long actor, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into org.union_events (union_id, kind, detail, actor_staff_id) values (@unionId, @kind, @detail::jsonb, @actor)",
            new { unionId, kind, detail = JsonSerializer.Serialize(detail), actor }, tx, cancellationToken: ct));

    private static string Str(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Locked(long Id, string Name, short Level, long? ParentId, string Path, short Status);
}
