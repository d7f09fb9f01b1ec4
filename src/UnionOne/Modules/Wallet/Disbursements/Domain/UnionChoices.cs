using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>The active unions where the signed-in staff member holds a permission, in tree order with their depth (the forms' selects and the fund overview).</summary>
internal sealed class UnionChoices(IStaffAccess access, IOrganisationDirectory directory)
{
    public async Task<IReadOnlyList<(UnionSummary Union, int Depth)>> ForCurrentAsync(Permission permission, CancellationToken ct = default)
    {
        var scope = await access.CurrentAsync(ct);
        return scope is null ? [] : await directory.ActiveInTreeOrderAsync(scope.RootsFor(permission), ct);
    }
}
