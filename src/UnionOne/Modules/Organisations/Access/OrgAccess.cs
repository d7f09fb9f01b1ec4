using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Organisations.Access;

/// <summary>
/// Object-level authorisation for union nodes: a node outside every subtree the staff member can read is
/// "not found" (existence is not leaked); a readable node where the permission is missing is 403.
/// </summary>
internal sealed class OrgAccess(IStaffAccess staffAccess, IOrganisationDirectory directory)
{
    public async Task<StaffScope> ScopeAsync(CancellationToken ct)
    {
        return await staffAccess.CurrentAsync(ct) ?? throw new UnauthorizedAccessException();
    }

    public async Task<(StaffScope Scope, UnionSummary Union)> RequireAsync(long unionId, Permission permission, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.Read, union)) throw new NotFoundException("未找到该工会");
        if (!scope.Can(permission, union)) throw new ForbiddenException("您在该工会没有此项权限");
        return (scope, union);
    }
}
