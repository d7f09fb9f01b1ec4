namespace UnionOne.Modules.Wallet.Settlement.Runs;

/// <summary>Start a settlement run for the merchants of a union's subtree, up to and including the cut-off day (yyyy-MM-dd, Beijing time).</summary>
public sealed record NewSettlementRun(long? UnionId, string? CutoffDay);

public sealed record CancelSettlementRun(string? Reason);

/// <summary>One merchant in a run. State: pending (待复核), paid (已结算), cancelled (已撤销), skipped (未结算, see SkipReason).</summary>
public sealed record SettlementLineView(
    int Seq,
    long MerchantId,
    string MerchantName,
    long Amount,
    string State,
    string? AccountName,
    string? BankName,
    string? AccountNumberMasked,
    string? SkipReason,
    long? TransferId);

public sealed record SettlementRunSummary(
    long Id,
    long UnionId,
    string UnionName,
    DateOnly CutoffDay,
    string Status,
    string StatusLabel,
    int MerchantCount,
    long TotalAmount,
    string CreatedBy,
    DateTime CreatedAtUtc,
    string? ApprovedBy,
    DateTime? ApprovedAtUtc);

public sealed record SettlementRunView(
    SettlementRunSummary Run,
    long CreatedById,
    string? CancelledBy,
    DateTime? CancelledAtUtc,
    string? CancelReason,
    string Memo,
    IReadOnlyList<SettlementLineView> Lines,
    IReadOnlyList<SettlementLineView> Skipped);

internal static class RunStatus
{
    public const short Prepared = 1;
    public const short Settled = 2;
    public const short Cancelled = 3;

    public static string Code(short status) => status switch { Prepared => "prepared", Settled => "settled", _ => "cancelled" };

    public static string Label(short status) => status switch { Prepared => "待复核", Settled => "已结算", _ => "已撤销" };

    public static string Badge(string code) => code switch { "prepared" => "warn", "settled" => "ok", _ => "" };
}

internal static class LineState
{
    public const short Pending = 1;
    public const short Paid = 2;
    public const short Cancelled = 3;
    public const short Skipped = 4;

    public const short NoPayee = 1;
    public const short InOtherRun = 2;

    public static string Code(short state) => state switch { Pending => "pending", Paid => "paid", Cancelled => "cancelled", _ => "skipped" };

    public static string SkipLabel(short reason) => reason == NoPayee ? "缺少收款账户信息" : "已在另一个待复核批次中";
}

/// <summary>What the bank file's 用途/附言 says, and the ledger memo of each settlement transfer.</summary>
internal static class SettlementMemo
{
    public static string For(long runId, DateOnly cutoff) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"工惠结算 {WalletDays.Text(cutoff)} 批次{runId}");

    public static string TransferKey(long runId, long merchantId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"settle:{runId}:{merchantId}");
}
