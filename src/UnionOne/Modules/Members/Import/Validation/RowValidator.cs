using System.Globalization;
using System.Text.RegularExpressions;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Import.Bulk;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Members.Import.Validation;

/// <summary>One checked row: a draft ready to stage when every field is valid, else the per-column errors.</summary>
internal sealed class CheckedRow
{
    public required int RowNo { get; init; }

    /// <summary>Set when every field is valid.</summary>
    public MemberDraft? Draft { get; set; }

    /// <summary>The normalised ID number when that cell is valid (also for rows with other errors: duplicates are found on it).</summary>
    public string? IdNumber { get; set; }

    public byte[]? IdHash { get; set; }

    public List<RowError>? Errors { get; private set; }

    public bool HasErrors => Errors is { Count: > 0 };

    public void AddError(ImportColumn column, string message) => (Errors ??= []).Add(new RowError(RowNo, column, message));
}

internal readonly record struct RowError(int RowNo, ImportColumn Column, string Message);

/// <summary>Validates the cells of a row against the template's rules; messages are Chinese, for the person who filled the file.</summary>
internal static partial class RowValidator
{
    public const int MaxTagLength = 10;
    public const int MaxTags = 10;
    public const int MaxEmployerLength = 100;
    public const int MinimumJoiningAge = 16;

    private static readonly char[] TagSeparators = ['、', '，', ',', ';', '；'];

    /// <summary>The job types a row may name, as listed in messages and in the template's instructions.</summary>
    public static readonly string JobTypeList = string.Join("、", JobTypeLabels.All.Select(j => j.Label));

    public static CheckedRow Check(SourceRow row, int[] columnOf, DateOnly today)
    {
        var result = new CheckedRow { RowNo = row.RowNo };
        string? Cell(ImportColumn c) => columnOf[(int)c] is var i and >= 0 ? row[i]?.Trim() : null;
        bool Numeric(ImportColumn c) => columnOf[(int)c] is var i and >= 0 && row.IsNumeric(i);

        var name = PersonName.TryNormalize(Cell(ImportColumn.Name), out var nameError);
        if (name is null) result.AddError(ImportColumn.Name, nameError);

        ResidentIdNumber? id = null;
        var idCell = Cell(ImportColumn.IdNumber);
        if (Numeric(ImportColumn.IdNumber) && idCell is not null && LostDigits(idCell))
            result.AddError(ImportColumn.IdNumber, "身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”格式后重新填写");
        else if ((id = ResidentIdNumber.TryParse(idCell, out var idError, today)) is null)
            result.AddError(ImportColumn.IdNumber, idError);
        else
            result.IdNumber = id.Value;

        var phoneCell = Cell(ImportColumn.Phone);
        if (Numeric(ImportColumn.Phone) && phoneCell is not null) phoneCell = WholeNumber(phoneCell);
        var phone = MobilePhone.TryNormalize(phoneCell, out var phoneError);
        if (phone is null) result.AddError(ImportColumn.Phone, phoneError);

        JobType jobType = default;
        var jobCell = Cell(ImportColumn.JobType);
        if (string.IsNullOrEmpty(jobCell)) result.AddError(ImportColumn.JobType, $"请填写职业类型（可选：{JobTypeList}）");
        else if (!JobTypeLabels.TryParse(jobCell, out jobType))
            result.AddError(ImportColumn.JobType, $"职业类型“{Shorten(jobCell)}”无效，可选：{JobTypeList}");

        DateOnly joinedOn = default;
        var joinedCell = Cell(ImportColumn.JoinedOn);
        if (string.IsNullOrEmpty(joinedCell)) result.AddError(ImportColumn.JoinedOn, "请填写入会日期");
        else if (ImportDates.TryParse(joinedCell, Numeric(ImportColumn.JoinedOn)) is not { } joined)
            result.AddError(ImportColumn.JoinedOn, "入会日期格式应为 2024-03-01 或 2024/3/1");
        else if (joined > today) result.AddError(ImportColumn.JoinedOn, "入会日期不能晚于今天");
        else if (id is not null && joined < id.BirthDate.AddYears(MinimumJoiningAge))
            result.AddError(ImportColumn.JoinedOn, "入会日期早于本人年满16周岁的日期");
        else joinedOn = joined;

        var tags = ParseTags(Cell(ImportColumn.Tags), result);

        var employer = Cell(ImportColumn.Employer);
        if (string.IsNullOrEmpty(employer)) employer = null;
        else if (employer.Length > MaxEmployerLength) result.AddError(ImportColumn.Employer, $"工作单位不能超过{MaxEmployerLength}个字");
        else if (UnsafeText().IsMatch(employer)) result.AddError(ImportColumn.Employer, "工作单位不能包含 < > 等特殊字符");

        if (!result.HasErrors)
        {
            result.Draft = new MemberDraft
            {
                RowNo = row.RowNo,
                Name = name!,
                IdNumber = id!.Value,
                Gender = id.Gender,
                BirthDate = id.BirthDate,
                Phone = phone!,
                JobType = jobType,
                JoinedOn = joinedOn,
                Tags = tags,
                EmployerName = employer,
            };
        }
        return result;
    }

    private static string[] ParseTags(string? cell, CheckedRow result)
    {
        if (string.IsNullOrEmpty(cell)) return [];
        var tags = new List<string>();
        foreach (var part in cell.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length > MaxTagLength) { result.AddError(ImportColumn.Tags, $"标签“{Shorten(part)}”超过{MaxTagLength}个字"); return []; }
            if (UnsafeText().IsMatch(part)) { result.AddError(ImportColumn.Tags, "标签不能包含 < > 等特殊字符"); return []; }
            if (!tags.Contains(part, StringComparer.Ordinal)) tags.Add(part);
        }
        if (tags.Count > MaxTags) { result.AddError(ImportColumn.Tags, $"标签不能超过{MaxTags}个"); return []; }
        return [.. tags];
    }

    /// <summary>An 18-digit number stored as an Excel number keeps only 15 significant digits (written as 3.3100219900101E+17).</summary>
    private static bool LostDigits(string numeric) =>
        numeric.Contains('E', StringComparison.OrdinalIgnoreCase) || numeric.Contains('.', StringComparison.Ordinal) || numeric.Length > 15;

    private static string WholeNumber(string numeric) =>
        decimal.TryParse(numeric, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d)
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : numeric;

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";

    [GeneratedRegex(@"[<>""'&\p{Cc}]")]
    private static partial Regex UnsafeText();
}
