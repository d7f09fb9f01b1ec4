using Npgsql;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Wallet.Contracts;

/// <summary>The kinds of ledger account; (kind, owner) names one account. Points accounts hold points, all others fen.</summary>
public enum AccountKind : short
{
    /// <summary>个人专户: a member's benefit money (owner: member id). Never below zero.</summary>
    MemberBenefit = 1,

    /// <summary>工会福利资金: a union node's welfare fund (owner: union id). Never below zero.</summary>
    UnionFund = 2,

    /// <summary>商户应收: what the union owes a merchant for payments taken (owner: merchant id).</summary>
    MerchantReceivable = 3,

    /// <summary>会员积分 (owner: member id). Never below zero.</summary>
    MemberPoints = 4,

    /// <summary>Points a union has issued (owner: union id); goes negative as points are awarded.</summary>
    UnionPointsIssued = 5,

    /// <summary>已结算: what has been paid out to a merchant through the bank (owner: merchant id).</summary>
    MerchantSettled = 6,

    /// <summary>调账: corrections of a union (owner: union id).</summary>
    Adjustment = 7,

    /// <summary>Money brought into a union's fund from its bank account (owner: union id); negative by what came in.</summary>
    UnionBank = 8,

    /// <summary>Points spent at a union's points supermarket (owner: union id).</summary>
    PointsRedeemed = 9,

    /// <summary>发放在途: a disbursement's money reserved from the fund at approval, paid out to members in chunks (owner: disbursement id).</summary>
    DisbursementInTransit = 10,
}

public enum TransferKind : short
{
    FundTopUp = 1,
    Disbursement = 2,
    Payment = 3,
    Refund = 4,
    Expiry = 5,
    Settlement = 6,
    Reversal = 7,
    PointsAward = 8,
    PointsRedemption = 9,
    Adjustment = 10,
    PointsRefund = 11,
}

public sealed record AccountRef(AccountKind Kind, long OwnerId)
{
    public static AccountRef Member(long memberId) => new(AccountKind.MemberBenefit, memberId);
    public static AccountRef Fund(long unionId) => new(AccountKind.UnionFund, unionId);
    public static AccountRef Points(long memberId) => new(AccountKind.MemberPoints, memberId);
}

/// <summary>
/// What money credited to a member account may be used for: a purpose shown to the member (生日蛋糕), the merchant categories
/// where it may be spent (null: any) and when it expires (then it returns to the fund that gave it).
/// </summary>
public sealed record FundTerms(string Purpose, IReadOnlyList<MerchantCategory>? Categories, DateTime? ExpiresAtUtc)
{
    public static readonly FundTerms General = new("", null, null);
}

/// <summary>A movement between two accounts. <see cref="IdempotencyKey"/> makes it happen at most once, ever.</summary>
public sealed record LedgerTransfer(
    string IdempotencyKey,
    TransferKind Kind,
    AccountRef From,
    AccountRef To,
    long Amount,
    string? Reference = null,
    string Memo = "",
    long? StaffId = null,
    FundTerms? Terms = null,
    MerchantCategory? SpendCategory = null);

/// <summary>A posted transfer; <see cref="Replayed"/> when the key had been posted before (nothing moved this time).</summary>
public sealed record TransferOutcome(long TransferId, bool Replayed);

/// <summary>Money a member holds by purpose and expiry (one lot per credit).</summary>
public sealed record MemberFund(long LotId, string Purpose, IReadOnlyList<MerchantCategory>? Categories, DateTime? ExpiresAtUtc, long Original, long Remaining, DateTime CreditedAtUtc);

/// <summary>One line of an account's history: the transfer and this account's side of it.</summary>
public sealed record AccountMovement(long TransferId, TransferKind Kind, long Amount, string? Reference, string Memo, DateTime AtUtc);

public sealed record InvariantResult(string Rule, long Violations);

/// <summary>
/// The double-entry ledger (see docs/decisions/0009-wallet-ledger.md). Every method either posts completely or not at all, and
/// refuses with a <c>BusinessRuleException</c> (Chinese message) when a balance would go below zero, a key is reused for a
/// different movement, or a transfer names one account twice. Methods taking a transaction post inside it; the caller commits.
/// </summary>
public interface ILedger
{
    Task<TransferOutcome> TransferAsync(LedgerTransfer transfer, NpgsqlTransaction? transaction = null, CancellationToken ct = default);

    /// <summary>
    /// Credits many members from one account as ONE transfer (a disbursement): one posting per member plus one from the source.
    /// Member accounts are opened as needed; each credit becomes a lot with <paramref name="terms"/>. All or nothing.
    /// </summary>
    Task<TransferOutcome> CreditMembersAsync(string idempotencyKey, AccountRef from, IReadOnlyList<long> memberIds, IReadOnlyList<long> amounts,
        FundTerms terms, string? reference, string memo, long? staffId, NpgsqlTransaction? transaction = null, CancellationToken ct = default);

    /// <summary>Posts the mirror image of a transfer, pointing to it; a transfer can be reversed once.</summary>
    Task<TransferOutcome> ReverseAsync(long transferId, string idempotencyKey, string reason, long? staffId, NpgsqlTransaction? transaction = null, CancellationToken ct = default);

    Task<long> BalanceAsync(AccountRef account, CancellationToken ct = default);

    Task<IReadOnlyDictionary<long, long>> BalancesAsync(AccountKind kind, IReadOnlyCollection<long> ownerIds, CancellationToken ct = default);

    Task<IReadOnlyList<MemberFund>> OpenFundsAsync(long memberId, CancellationToken ct = default);

    Task<IReadOnlyList<AccountMovement>> HistoryAsync(AccountRef account, int take, long? beforeTransferId = null, CancellationToken ct = default);

    /// <summary>Every ledger rule with its number of violations (all zero when the books are right).</summary>
    Task<IReadOnlyList<InvariantResult>> CheckInvariantsAsync(CancellationToken ct = default);
}
