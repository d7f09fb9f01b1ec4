using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Settlement.Payees;

namespace UnionOne.Modules.Wallet.Settlement.Console;

public sealed record MerchantSettlementRow(
    long MerchantId,
    string Name,
    string Category,
    string Status,
    long Receivable,
    long Settled,
    bool HasPayee,
    string? AccountName,
    string? BankName,
    string? AccountNumberMasked);

public sealed record SettlementOverviewView(long UnionId, string UnionName, IReadOnlyList<MerchantSettlementRow> Merchants, long ReceivableTotal, long SettledTotal);

/// <summary>The merchants of a union's subtree with what the union owes each (应收), what has been paid (已结算) and their payee.</summary>
internal sealed class SettlementOverview(MerchantAccess access, ILedger ledger, PayeeService payees, IStringLocalizer<WalletText> l)
{
    public async Task<SettlementOverviewView> GetAsync(long? unionId, CancellationToken ct)
    {
        var (_, union) = await access.UnionAsync(Permission.Read, unionId, ct);
        var merchants = await access.MerchantsOfAsync(union, ct);
        var ids = merchants.Select(m => m.Id).ToList();
        var receivable = ids.Count == 0 ? new Dictionary<long, long>() : await ledger.BalancesAsync(AccountKind.MerchantReceivable, ids, ct);
        var settled = ids.Count == 0 ? new Dictionary<long, long>() : await ledger.BalancesAsync(AccountKind.MerchantSettled, ids, ct);
        var known = await payees.LoadAsync(ids, ct);
        var rows = merchants.Select(m =>
        {
            var has = known.TryGetValue(m.Id, out var p);
            return new MerchantSettlementRow(m.Id, m.Name, l[MerchantLabels.Category(m.Category)], l[MerchantLabels.Status(m.Status)],
                receivable.GetValueOrDefault(m.Id), settled.GetValueOrDefault(m.Id), has,
                has ? p.AccountName : null, has ? p.BankName : null, has ? p.Masked : null);
        }).ToList();
        return new SettlementOverviewView(union.Id, union.Name, rows, rows.Sum(r => r.Receivable), rows.Sum(r => r.Settled));
    }
}
