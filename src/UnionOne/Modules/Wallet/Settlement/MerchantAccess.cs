using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Settlement;

/// <summary>
/// Who may see and act on a merchant's money: staff with a role on the union that recruited it, or an ancestor. Outside that
/// subtree the merchant is "not found" (404); inside it, a role without the permission is refused (403).
/// </summary>
internal sealed class MerchantAccess(StaffGate gate, IMerchantDirectory merchants, IOrganisationDirectory unions, IStringLocalizer<WalletText> l)
{
    public async Task<(MerchantRef Merchant, StaffScope Scope, UnionSummary Union)> RequireAsync(long merchantId, Permission permission, CancellationToken ct)
    {
        var merchant = await merchants.FindAsync(merchantId, ct) ?? throw new NotFoundException(l["未找到该商户"]);
        try
        {
            var (scope, union) = await gate.RequireWithScopeAsync(permission, merchant.UnionId, ct);
            return (merchant, scope, union);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该商户"]);
        }
    }

    public async Task<bool> CanAsync(MerchantRef merchant, Permission permission, CancellationToken ct) =>
        await gate.CanAsync(permission, merchant.UnionId, ct);

    /// <summary>The union a page or report is about: the given one (404 outside the caller's subtree, 403 without the permission), else the caller's first root.</summary>
    public async Task<(StaffScope Scope, UnionSummary Union)> UnionAsync(Permission permission, long? unionId, CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var id = unionId ?? scope.RootsFor(permission).Cast<long?>().FirstOrDefault()
            ?? throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return await gate.RequireWithScopeAsync(permission, id, ct);
    }

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);

    /// <summary>The union and every node below it.</summary>
    public async Task<IReadOnlyList<long>> SubtreeAsync(UnionSummary union, CancellationToken ct) =>
        (await unions.SubtreeAsync([union.Id], ct)).UnionIds;

    /// <summary>Merchants (any status) recruited by the union or a node below it, by name.</summary>
    public async Task<IReadOnlyList<MerchantRef>> MerchantsOfAsync(UnionSummary union, CancellationToken ct)
    {
        var ids = await SubtreeAsync(union, ct);
        return (await merchants.OfUnionsAsync(ids, ct)).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id).ToList();
    }
}
