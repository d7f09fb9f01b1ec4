using UnionOne.Platform.Problems;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Identity.Contracts;

/// <summary>
/// Where the current staff member may act (every module's object-level authorisation). Outside their subtree everything is "not found" (404), so existence is
/// not leaked; inside it, a role without the permission is "forbidden" (403): they can already see the object.
/// </summary>
internal sealed class StaffGate(IStaffAccess access, IOrganisationDirectory directory, IStringLocalizer<IdentityText> l)
{
    public async Task<StaffScope> ScopeAsync(CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct);
        return scope ?? throw new UnauthorizedAccessException(l["请先以工会干部身份登录"]);
    }

    /// <summary>The union, when the current staff member may do <paramref name="permission"/> there; else 404 or 403.</summary>
    public async Task<UnionSummary> RequireAsync(Permission permission, long unionId, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.Read, union)) throw new NotFoundException(l["未找到"]);
        if (!scope.Can(permission, union)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return union;
    }

    /// <summary>The current scope and the union, when the permission holds there (404 outside the subtree, 403 without the role).</summary>
    public async Task<(StaffScope Scope, UnionSummary Union)> RequireWithScopeAsync(Permission permission, long unionId, CancellationToken ct)
    {
        var union = await RequireAsync(permission, unionId, ct);
        return (await ScopeAsync(ct), union);
    }

    /// <summary>The unions the current staff member's grants sit on (their grant roots, for a union picker).</summary>
    public async Task<IReadOnlyList<UnionSummary>> GrantUnionsAsync(CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var list = new List<UnionSummary>();
        foreach (var id in scope.Grants.Select(g => g.UnionId).Distinct())
            if (await directory.FindAsync(id, ct) is { } u) list.Add(u);
        return list;
    }

    /// <summary>True when the current staff member may do <paramref name="permission"/> on the union (no exception).</summary>
    public async Task<bool> CanAsync(Permission permission, long unionId, CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        return scope is not null && union is not null && scope.Can(permission, union);
    }

    /// <summary>
    /// The unions a list may cover: the subtrees where the permission holds, or, when <paramref name="unionId"/> is given,
    /// that node's subtree (404 when it lies outside).
    /// </summary>
    public async Task<SubtreeFilter> SubtreeAsync(Permission permission, long? unionId, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        if (unionId is { } id)
        {
            await RequireAsync(permission, id, ct);
            return await directory.SubtreeAsync([id], ct);
        }
        return await directory.SubtreeAsync(scope.RootsFor(permission), ct);
    }
}
