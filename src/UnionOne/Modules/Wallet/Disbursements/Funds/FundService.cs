using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Funds;

/// <summary>A top-up posted: the ledger transfer and the fund's balance after it (fen).</summary>
internal sealed record TopUpResult(long TransferId, long UnionId, long Amount, long Balance);

/// <summary>A union's welfare fund as the overview shows it.</summary>
internal sealed record FundLine(UnionSummary Union, int Depth, long Balance);

/// <summary>
/// 拨入福利资金: money comes into a union's welfare fund from its bank account (a ledger transfer UnionBank → UnionFund), under
/// an Idempotency-Key so a retried or double-submitted request posts once. And the fund balances of the caller's unions.
/// </summary>
internal sealed class FundService(DisbursementAccess access, ILedger ledger, IdempotentRequests requests, UnionChoices choices, IAuditLog audit,
    IStringLocalizer<WalletText> l)
{
    public const string AuditTopUp = "wallet.fund-top-up";

    /// <summary>¥100,000,000 at most per top-up.</summary>
    public const long MaxTopUpFen = 10_000_000_000;

    public async Task<TopUpResult> TopUpAsync(long unionId, long? amountFen, string? memo, string? idempotencyKey, Dictionary<string, string[]>? earlierErrors, CancellationToken ct)
    {
        var errors = earlierErrors ?? [];
        var text = (memo ?? "").Trim();
        if (!errors.ContainsKey("amountFen"))
        {
            if (amountFen is null) errors["amountFen"] = [l["请填写拨入金额"]];
            else if (amountFen <= 0) errors["amountFen"] = [l["金额必须大于0"]];
            else if (amountFen > MaxTopUpFen) errors["amountFen"] = [l["单笔拨入不能超过{0}", Money.Yuan(MaxTopUpFen)]];
        }
        if (text.Length > 100) errors["memo"] = [l["备注最多100个字"]];
        if (unionId <= 0) errors["unionId"] = [l["请选择工会"]];
        DraftDetails.ThrowIfAny(errors, l);

        var (scope, union) = await access.RequireUnionAsync(Permission.ManageMoney, unionId, ct);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已撤销或合并，不能拨入资金"]);
        var amount = amountFen!.Value;
        var key = IdempotencyKey.Create(idempotencyKey, $"staff:{scope.StaffId}:fund-top-up", l, union.Id, amount, text);
        var transferId = await requests.RunAsync(key, "fund-top-up", async tx =>
        {
            var outcome = await ledger.TransferAsync(new LedgerTransfer($"topup:{key.Scope}:{key.Key}", TransferKind.FundTopUp,
                new AccountRef(AccountKind.UnionBank, union.Id), AccountRef.Fund(union.Id), amount, $"union:{union.Id}", text, scope.StaffId), tx, ct);
            await audit.WriteAsync(new AuditEntry(AuditTopUp, "union", union.Id.ToString(CultureInfo.InvariantCulture), union.Id,
                new { amount, transfer = outcome.TransferId }), tx, ct);
            return outcome.TransferId;
        }, id => Task.FromResult(id), ct);
        return new TopUpResult(transferId, union.Id, amount, await ledger.BalanceAsync(AccountRef.Fund(union.Id), ct));
    }

    /// <summary>Every active union the caller can see, in tree order, with its fund balance.</summary>
    public async Task<IReadOnlyList<FundLine>> FundsAsync(CancellationToken ct)
    {
        var unions = await choices.ForCurrentAsync(Permission.Read, ct);
        var balances = await ledger.BalancesAsync(AccountKind.UnionFund, unions.Select(u => u.Union.Id).ToList(), ct);
        return unions.Select(u => new FundLine(u.Union, u.Depth, balances.GetValueOrDefault(u.Union.Id))).ToList();
    }

    public async Task<long> BalanceAsync(long unionId, CancellationToken ct) => await ledger.BalanceAsync(AccountRef.Fund(unionId), ct);
}
