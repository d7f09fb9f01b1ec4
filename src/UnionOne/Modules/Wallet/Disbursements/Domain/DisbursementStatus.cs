namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>Where a disbursement stands (wallet.disbursements.status).</summary>
internal enum DisbursementStatus : short
{
    /// <summary>草稿: prepared, lines stored, may still be discarded.</summary>
    Draft = 1,

    /// <summary>待复核: submitted, waiting for a second staff member.</summary>
    Submitted = 2,

    /// <summary>发放中: approved, the total reserved in transit, chunks being credited.</summary>
    Posting = 3,

    /// <summary>已发放: every member credited, nothing left in transit.</summary>
    Posted = 4,

    /// <summary>已驳回.</summary>
    Rejected = 5,
}

internal enum DisbursementSource : short
{
    Selection = 1,
    Upload = 2,
}

internal static class DisbursementLabels
{
    /// <summary>The zh-CN label (also the localisation key).</summary>
    public static string Label(this DisbursementStatus status) => status switch
    {
        DisbursementStatus.Draft => "草稿",
        DisbursementStatus.Submitted => "待复核",
        DisbursementStatus.Posting => "发放中",
        DisbursementStatus.Posted => "已发放",
        DisbursementStatus.Rejected => "已驳回",
        _ => "未知",
    };

    /// <summary>The badge class of the site stylesheet.</summary>
    public static string Badge(this DisbursementStatus status) => status switch
    {
        DisbursementStatus.Posted => "ok",
        DisbursementStatus.Submitted or DisbursementStatus.Posting => "warn",
        DisbursementStatus.Rejected => "bad",
        _ => "",
    };

    public static IReadOnlyList<DisbursementStatus> All { get; } =
        [DisbursementStatus.Draft, DisbursementStatus.Submitted, DisbursementStatus.Posting, DisbursementStatus.Posted, DisbursementStatus.Rejected];
}
