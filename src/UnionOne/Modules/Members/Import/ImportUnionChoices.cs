using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Import;

/// <summary>The unions the signed-in staff member may import into (ManageMembers), in tree order with their depth, for the upload form's select.</summary>
internal sealed class ImportUnionChoices(IStaffAccess access, IOrganisationDirectory directory)
{
    public async Task<IReadOnlyList<(UnionSummary Union, int Depth)>> ForCurrentAsync(CancellationToken ct = default)
    {
        var scope = await access.CurrentAsync(ct);
        return scope is null ? [] : await directory.ActiveInTreeOrderAsync(scope.RootsFor(Permission.ManageMembers), ct);
    }
}
