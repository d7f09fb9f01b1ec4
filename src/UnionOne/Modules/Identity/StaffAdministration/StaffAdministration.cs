using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Access;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.StaffAdministration;

internal sealed record StaffRoleView(long UnionId, string UnionName, StaffRole Role);

internal sealed record StaffListItem(long Id, string UserName, string DisplayName, bool Disabled, bool Locked, DateTime? LastSignInAt, IReadOnlyList<StaffRoleView> Roles);

/// <summary>
/// Staff accounts and roles within the caller's subtree (Permission.AdministerTree). A node outside the subtree,
/// or an account holding no role inside it, is "not found" (404), so nothing outside is revealed. Nobody grants a
/// role stronger than their own covering role, or changes a stronger one, or their own roles.
/// </summary>
internal sealed class StaffAdministration(
    NpgsqlDataSource dataSource,
    IOrganisationDirectory directory,
    IPasswordHasher<StaffAccount> hasher,
    IAuditLog audit,
    IMemoryCache cache,
    IStringLocalizer<IdentityText> l)
{
    public async Task<IReadOnlyList<StaffListItem>> ListAsync(StaffScope scope, CancellationToken ct)
    {
        var subtree = await SubtreeAsync(scope, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ListRow>(new CommandDefinition("""
            select u.id, u.user_name as UserName, u.display_name as DisplayName, u.disabled,
                   coalesce(u.locked_until > now(), false) as Locked, u.last_sign_in_at as LastSignInAt,
                   r.union_id as UnionId, r.role
            from identity.staff_users u
            join identity.staff_roles r on r.staff_id = u.id
            where @all or r.union_id = any(@unions)
            order by u.user_name, u.id, r.union_id
            """, new { all = subtree.All, unions = subtree.UnionIds.ToArray() }, cancellationToken: ct));

        var items = new List<StaffListItem>();
        foreach (var account in rows.GroupBy(r => r.Id))
        {
            var first = account.First();
            var roles = new List<StaffRoleView>();
            foreach (var r in account)
                roles.Add(new StaffRoleView(r.UnionId, (await directory.FindAsync(r.UnionId, ct))?.Name ?? "", (StaffRole)r.Role));
            items.Add(new StaffListItem(first.Id, first.UserName, first.DisplayName, first.Disabled, first.Locked, first.LastSignInAt, roles));
        }
        return items;
    }

    public async Task<long> CreateAsync(StaffScope scope, string userName, string displayName, string password, long unionId, StaffRole role, CancellationToken ct)
    {
        var (union, strongest) = await AdministeredUnionAsync(scope, unionId, ct);
        EnsureNotStronger(role, strongest);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        try
        {
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into identity.staff_users (user_name, display_name, password_hash, must_change_password)
                values (@userName, @displayName, @hash, true)
                returning id
                """, new { userName, displayName, hash = hasher.HashPassword(new StaffAccount(0, userName), password) }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InputValidationException("userName", l["用户名“{0}”已被使用", userName]);
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into identity.staff_roles (staff_id, union_id, role, granted_by) values (@id, @unionId, @role, @by)",
            new { id, unionId = union.Id, role = (short)role, by = scope.StaffId }, tx, cancellationToken: ct));
        var subject = id.ToString(CultureInfo.InvariantCulture);
        await audit.WriteAsync(new AuditEntry(IdentityAuditActions.StaffCreated, "staff", subject, union.Id, new { userName, displayName }), tx, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.StaffRoleGranted, "staff", subject, union.Id, new { role = role.ToString() }), tx, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task SetRoleAsync(StaffScope scope, long staffId, long unionId, StaffRole role, CancellationToken ct)
    {
        var (union, strongest) = await AdministeredUnionAsync(scope, unionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var existing = await VisibleAccountRoleAsync(conn, tx, scope, staffId, union.Id, ct);
        if (staffId == scope.StaffId) throw new BusinessRuleException(l["不能修改自己的角色"]);
        EnsureNotStronger(role, strongest);
        if (existing is { } current) EnsureNotStronger(current, strongest);

        await conn.ExecuteAsync(new CommandDefinition("""
            insert into identity.staff_roles (staff_id, union_id, role, granted_by) values (@staffId, @unionId, @role, @by)
            on conflict (staff_id, union_id) do update set role = excluded.role, granted_by = excluded.granted_by, granted_at = now()
            """, new { staffId, unionId = union.Id, role = (short)role, by = scope.StaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditActions.StaffRoleGranted, "staff", staffId.ToString(CultureInfo.InvariantCulture), union.Id,
            new { role = role.ToString(), previousRole = existing?.ToString() }), tx, ct);
        await tx.CommitAsync(ct);
        cache.Remove(StaffAccess.CacheKey(staffId));
    }

    public async Task RevokeAsync(StaffScope scope, long staffId, long unionId, CancellationToken ct)
    {
        var (union, strongest) = await AdministeredUnionAsync(scope, unionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var existing = await VisibleAccountRoleAsync(conn, tx, scope, staffId, union.Id, ct)
            ?? throw new NotFoundException(l["该工作人员在此工会没有角色"]);
        if (staffId == scope.StaffId) throw new BusinessRuleException(l["不能修改自己的角色"]);
        EnsureNotStronger(existing, strongest);

        await conn.ExecuteAsync(new CommandDefinition("delete from identity.staff_roles where staff_id = @staffId and union_id = @unionId",
            new { staffId, unionId = union.Id }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(IdentityAuditActions.StaffRoleRevoked, "staff", staffId.ToString(CultureInfo.InvariantCulture), union.Id,
            new { role = existing.ToString() }), tx, ct);
        await tx.CommitAsync(ct);
        cache.Remove(StaffAccess.CacheKey(staffId));
    }

    /// <summary>The union, when it lies in the caller's administered subtree, and the caller's strongest role covering it.</summary>
    private async Task<(UnionSummary Union, StaffRole Strongest)> AdministeredUnionAsync(StaffScope scope, long unionId, CancellationToken ct)
    {
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.AdministerTree, union)) throw new NotFoundException(l["未找到该工会"]);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已合并或注销，不能授予角色"]);
        var strongest = scope.Grants
            .Where(g => union.IsWithin(g.UnionPath) && StaffScope.RoleAllows(g.Role, Permission.AdministerTree))
            .Min(g => g.Role);
        return (union, strongest);
    }

    /// <summary>
    /// 404 unless the account holds a role somewhere in the caller's subtree; returns its current role on the node.
    /// Locks the account's role rows so that concurrent changes serialise.
    /// </summary>
    private async Task<StaffRole?> VisibleAccountRoleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StaffScope scope, long staffId, long unionId, CancellationToken ct)
    {
        var subtree = await SubtreeAsync(scope, ct);
        var roles = (await conn.QueryAsync<(long UnionId, short Role)>(new CommandDefinition(
            "select union_id, role from identity.staff_roles where staff_id = @staffId for update",
            new { staffId }, tx, cancellationToken: ct))).AsList();
        if (!roles.Any(r => subtree.All || subtree.UnionIds.Contains(r.UnionId))) throw new NotFoundException(l["未找到该工作人员"]);
        var onNode = roles.FirstOrDefault(r => r.UnionId == unionId);
        return onNode.UnionId == unionId && onNode.Role != 0 ? (StaffRole)onNode.Role : null;
    }

    private void EnsureNotStronger(StaffRole role, StaffRole strongest)
    {
        // Chair = 1 is the strongest; a larger number is a weaker role.
        if ((int)role < (int)strongest) throw new BusinessRuleException(l["不能授予或变更高于本人的角色"]);
    }

    private async Task<SubtreeFilter> SubtreeAsync(StaffScope scope, CancellationToken ct)
    {
        var roots = scope.RootsFor(Permission.AdministerTree);
        return roots.Count == 0 ? SubtreeFilter.Nothing : await directory.SubtreeAsync(roots, ct);
    }

    private sealed record ListRow(long Id, string UserName, string DisplayName, bool Disabled, bool Locked, DateTime? LastSignInAt, long UnionId, short Role);
}
