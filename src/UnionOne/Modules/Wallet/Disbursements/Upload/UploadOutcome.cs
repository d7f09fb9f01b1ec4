namespace UnionOne.Modules.Wallet.Disbursements.Upload;

/// <summary>What the check found for one row of an uploaded list (wallet.disbursement_upload_rows.outcome).</summary>
internal enum UploadOutcome : short
{
    Matched = 1,
    NotFound = 2,
    OutsideSubtree = 3,
    Duplicate = 4,
    BadAmount = 5,
    Incomplete = 6,
    Ambiguous = 7,
    NotActive = 8,
    BadIdNumber = 9,
}

internal static class UploadOutcomeLabels
{
    /// <summary>zh-CN label (also the localisation key).</summary>
    public static string Label(this UploadOutcome outcome) => outcome switch
    {
        UploadOutcome.Matched => "已匹配",
        UploadOutcome.NotFound => "未找到会员",
        UploadOutcome.OutsideSubtree => "不在本工会范围",
        UploadOutcome.Duplicate => "重复",
        UploadOutcome.BadAmount => "金额有误",
        UploadOutcome.Incomplete => "信息不全",
        UploadOutcome.Ambiguous => "无法确定",
        UploadOutcome.NotActive => "非在会会员",
        UploadOutcome.BadIdNumber => "身份证号格式有误",
        _ => "未知",
    };

    public static IReadOnlyList<UploadOutcome> All { get; } = Enum.GetValues<UploadOutcome>();
}
