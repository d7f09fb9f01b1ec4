namespace UnionOne.Modules.Members.Contracts;

/// <summary>
/// The zh-CN labels of job types as people write them (forms, import templates, exports). The label is also the
/// localisation key: English lives in MembersText.en.resx.
/// </summary>
public static class JobTypeLabels
{
    private static readonly (JobType Type, string Label)[] Map =
    [
        (JobType.Worker, "企业职工"),
        (JobType.Teacher, "教师"),
        (JobType.MedicalStaff, "医护人员"),
        (JobType.PublicSector, "机关事业单位"),
        (JobType.Other, "其他"),
        (JobType.Rider, "外卖骑手"),
        (JobType.Courier, "快递员"),
        (JobType.RideHailingDriver, "网约车司机"),
        (JobType.Trucker, "货车司机"),
        (JobType.DomesticWorker, "家政服务员"),
    ];

    /// <summary>Every job type with its label, in the order forms list them.</summary>
    public static IReadOnlyList<(JobType Type, string Label)> All => Map;

    public static string Label(this JobType type)
    {
        foreach (var (t, label) in Map)
            if (t == type) return label;
        return "其他";
    }

    /// <summary>Accepts the zh-CN label, the English name (any case, e.g. "rider") or the number (e.g. "10").</summary>
    public static bool TryParse(string? text, out JobType type)
    {
        type = default;
        var s = (text ?? "").Trim();
        if (s.Length == 0) return false;
        foreach (var (t, label) in Map)
        {
            if (string.Equals(label, s, StringComparison.Ordinal)) { type = t; return true; }
        }
        if (s.All(char.IsAsciiDigit))
        {
            if (int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) && Enum.IsDefined((JobType)n)) { type = (JobType)n; return true; }
            return false;
        }
        return Enum.TryParse(s, ignoreCase: true, out type) && Enum.IsDefined(type);
    }
}

/// <summary>The zh-CN labels of membership status (在会/已转出/已退休/已离会).</summary>
public static class MemberStatusLabels
{
    private static readonly (MemberStatus Status, string Label)[] Map =
    [
        (MemberStatus.Active, "在会"),
        (MemberStatus.Transferred, "已转出"),
        (MemberStatus.Retired, "已退休"),
        (MemberStatus.Left, "已离会"),
    ];

    public static IReadOnlyList<(MemberStatus Status, string Label)> All => Map;

    public static string Label(this MemberStatus status)
    {
        foreach (var (s, label) in Map)
            if (s == status) return label;
        return status.ToString();
    }

    /// <summary>Accepts the zh-CN label, the English name (any case, e.g. "retired") or the number.</summary>
    public static bool TryParse(string? text, out MemberStatus status)
    {
        status = default;
        var s = (text ?? "").Trim();
        if (s.Length == 0) return false;
        foreach (var (st, label) in Map)
        {
            if (string.Equals(label, s, StringComparison.Ordinal)) { status = st; return true; }
        }
        if (s.All(char.IsAsciiDigit))
        {
            if (int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) && Enum.IsDefined((MemberStatus)n)) { status = (MemberStatus)n; return true; }
            return false;
        }
        return Enum.TryParse(s, ignoreCase: true, out status) && Enum.IsDefined(status);
    }
}
