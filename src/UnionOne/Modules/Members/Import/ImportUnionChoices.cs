using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Modules.Members.Import;

/// <summary>
/// The unions the signed-in staff member may import into (ManageMembers), in tree order with their depth, for the
/// upload form's select. Walks the organisation directory's in-memory snapshot: IOrganisationDirectory has no
/// listing of a subtree's nodes yet (to replace with a contract method when the Organisations module offers one).
/// </summary>
internal sealed class ImportUnionChoices(IStaffAccess access, OrganisationDirectory tree)
{
    public async Task<IReadOnlyList<(UnionSummary Union, int Depth)>> ForCurrentAsync(CancellationToken ct = default)
    {
        var scope = await access.CurrentAsync(ct);
        if (scope is null) return [];
        var snapshot = await tree.SnapshotAsync(ct);
        var roots = scope.RootsFor(Permission.ManageMembers)
            .Select(snapshot.Find)
            .OfType<UnionSummary>()
            .Where(u => u.IsActive)
            .ToList();
        // A grant below another grant adds nothing.
        roots = roots.Where(r => !roots.Any(o => o.Id != r.Id && r.IsWithin(o.Path))).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();

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
