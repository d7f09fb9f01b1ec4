using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Domain;

/// <summary>
/// Who on the staff may do what with points: rules, items, manual awards and cancellations need ManageMembers or
/// ManageMoney on the union; collecting (核销) also ManagePlaces (station keepers). Outside the staff member's subtree
/// everything is 404; inside it, a role without the permission is 403.
/// </summary>
internal sealed class PointsStaff(StaffGate gate, IOrganisationDirectory directory, IStringLocalizer<PointsText> l)
{
    public static readonly Permission[] Manage = [Permission.ManageMembers, Permission.ManageMoney];
    public static readonly Permission[] Collect = [Permission.ManageMembers, Permission.ManageMoney, Permission.ManagePlaces];

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);

    /// <summary>The union, when one of <paramref name="any"/> holds there (404 outside the subtree, 403 without the role).</summary>
    public async Task<(StaffScope Scope, UnionSummary Union)> RequireAsync(long unionId, Permission[] any, CancellationToken ct)
    {
        var union = await RequireReadAsync(unionId, ct);
        var scope = await gate.ScopeAsync(ct);
        if (!Can(scope, union, any)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return (scope, union);
    }

    /// <summary>The union when the staff member may see it (404 outside).</summary>
    public async Task<UnionSummary> RequireReadAsync(long unionId, CancellationToken ct)
    {
        try
        {
            return await gate.RequireAsync(Permission.Read, unionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该工会"]);
        }
    }

    public static bool Can(StaffScope scope, UnionSummary union, Permission[] any) => any.Any(p => scope.Can(p, union));

    public async Task<bool> CanAsync(long unionId, Permission[] any, CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        return union is not null && Can(scope, union, any);
    }

    /// <summary>Every union where one of <paramref name="any"/> holds (the subtrees of the staff member's grants).</summary>
    public async Task<SubtreeFilter> SubtreeAsync(Permission[] any, CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var roots = any.SelectMany(scope.RootsFor).Distinct().ToList();
        return await directory.SubtreeAsync(roots, ct);
    }
}
