using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>
/// The active unions where the signed-in staff member holds a permission, in tree order with their depth (the forms' selects
/// and the fund overview). Walks the organisation directory's in-memory snapshot, as the member import's union choices do:
/// IOrganisationDirectory has no listing of a subtree's nodes yet (SubtreeAsync answers "everything" without ids for the
/// whole tree); to replace with a contract method when the Organisations module offers one.
/// </summary>
internal sealed class UnionChoices(IStaffAccess access, OrganisationDirectory tree)
{
    public async Task<IReadOnlyList<(UnionSummary Union, int Depth)>> ForCurrentAsync(Permission permission, CancellationToken ct = default)
    {
        var scope = await access.CurrentAsync(ct);
        if (scope is null) return [];
        var snapshot = await tree.SnapshotAsync(ct);
        var roots = scope.RootsFor(permission)
            .Select(snapshot.Find)
            .OfType<UnionSummary>()
            .Where(u => u.IsActive)
            .ToList();
        // A grant below another grant adds nothing.
        roots = roots.Where(r => !roots.Any(o => o.Id != r.Id && r.IsWithin(o.Path))).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

        var result = new List<(UnionSummary, int)>();
        foreach (var root in roots) Walk(root, 0);
        return result;

        void Walk(UnionSummary union, int depth)
        {
            result.Add((union, depth));
            foreach (var childId in snapshot.ChildrenOf(union.Id))
                if (snapshot.Find(childId) is { IsActive: true } child) Walk(child, depth + 1);
        }
    }
}
