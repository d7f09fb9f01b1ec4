namespace UnionOne.Modules.Members.Import.Reading;

/// <summary>The template's columns (first row headers, matched by name, order free).</summary>
internal enum ImportColumn
{
    Name,
    IdNumber,
    Phone,
    JobType,
    JoinedOn,
    Tags,
    Employer,
}

internal static class ImportColumns
{
    /// <summary>The headers of the template, in template order.</summary>
    public static readonly IReadOnlyList<(ImportColumn Column, string Header, bool Required)> Template =
    [
        (ImportColumn.Name, "姓名", true),
        (ImportColumn.IdNumber, "身份证号", true),
        (ImportColumn.Phone, "手机号", true),
        (ImportColumn.JobType, "职业类型", true),
        (ImportColumn.JoinedOn, "入会日期", true),
        (ImportColumn.Tags, "标签", false),
        (ImportColumn.Employer, "工作单位", false),
    ];

    public const int Count = 7;

    // Names unions commonly write instead of the template's own.
    private static readonly Dictionary<string, ImportColumn> Aliases = new(StringComparer.Ordinal)
    {
        ["姓名"] = ImportColumn.Name,
        ["会员姓名"] = ImportColumn.Name,
        ["身份证号"] = ImportColumn.IdNumber,
        ["身份证号码"] = ImportColumn.IdNumber,
        ["公民身份号码"] = ImportColumn.IdNumber,
        ["手机号"] = ImportColumn.Phone,
        ["手机号码"] = ImportColumn.Phone,
        ["手机"] = ImportColumn.Phone,
        ["联系电话"] = ImportColumn.Phone,
        ["职业类型"] = ImportColumn.JobType,
        ["职业"] = ImportColumn.JobType,
        ["入会日期"] = ImportColumn.JoinedOn,
        ["入会时间"] = ImportColumn.JoinedOn,
        ["标签"] = ImportColumn.Tags,
        ["会员标签"] = ImportColumn.Tags,
        ["工作单位"] = ImportColumn.Employer,
        ["单位"] = ImportColumn.Employer,
        ["单位名称"] = ImportColumn.Employer,
    };

    public static string HeaderOf(ImportColumn column) => Template[(int)column].Header;

    /// <summary>Matches a header cell: spaces, required-marks (*) and bracketed hints such as "（必填）" are ignored.</summary>
    public static ImportColumn? Match(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var s = header.Trim().Replace("*", "", StringComparison.Ordinal).Replace("＊", "", StringComparison.Ordinal);
        var bracket = s.IndexOfAny(['(', '（']);
        if (bracket > 0) s = s[..bracket];
        s = new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
        return Aliases.TryGetValue(s, out var column) ? column : null;
    }
}
