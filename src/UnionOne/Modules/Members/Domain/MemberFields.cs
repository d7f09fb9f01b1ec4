using System.Globalization;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Members.Domain;

/// <summary>
/// The rules for every field of a member, in one place (join form, approvals, edits, import). Each check returns the
/// normalised value, or null and a zh-CN message (a key of MembersText) for the person who typed it.
/// </summary>
internal static class MemberFields
{
    public const int MaxTags = 10;
    public const int MaxTagLength = 10;
    public const int MaxEmployerLength = 100;
    public const int MaxReasonLength = 200;

    /// <summary>Tags unions commonly use; any other tag may be typed.</summary>
    public static readonly string[] SuggestedTags = ["劳模", "工匠", "困难职工", "退役军人", "女职工", "农民工", "技能人才"];

    public static string? Name(string? input, out string error) => PersonName.TryNormalize(input, out error);

    public static ResidentIdNumber? IdNumber(string? input, out string error) => ResidentIdNumber.TryParse(input, out error);

    public static string? Phone(string? input, out string error) => MobilePhone.TryNormalize(input, out error);

    public static JobType? JobType(string? input, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(input)) { error = "请选择职业类型"; return null; }
        if (JobTypeLabels.TryParse(input, out var type)) return type;
        error = "职业类型无效";
        return null;
    }

    public static MemberStatus? Status(string? input, out string error)
    {
        error = "";
        if (MemberStatusLabels.TryParse(input, out var status)) return status;
        error = "会籍状态无效（在会、已转出、已退休、已离会）";
        return null;
    }

    /// <summary>Employer name: optional unless <paramref name="required"/>; at most 100 characters, no markup.</summary>
    public static string? EmployerName(string? input, bool required, out string error)
    {
        error = "";
        var s = Collapse(input);
        if (s.Length == 0)
        {
            if (required) error = "请填写工作单位名称";
            return null;
        }
        if (s.Length < 2 || s.Length > MaxEmployerLength) { error = "工作单位名称应为2-100个字符"; return null; }
        if (HasMarkup(s)) { error = "工作单位名称不能包含 < > & 等特殊字符"; return null; }
        return s;
    }

    /// <summary>A tag: 1-10 characters, letters, digits and Chinese characters (and · -), no markup.</summary>
    public static string? Tag(string? input, out string error)
    {
        error = "";
        var s = Collapse(input);
        if (s.Length == 0) { error = "标签不能为空"; return null; }
        if (s.Length > MaxTagLength) { error = "每个标签最多10个字符"; return null; }
        foreach (var c in s)
        {
            var ok = char.IsLetterOrDigit(c) || c is '·' or '-' or '_';
            if (!ok) { error = "标签只能包含汉字、字母和数字"; return null; }
        }
        return s;
    }

    /// <summary>Normalises a tag list (trim, de-duplicate) and checks the count; null and a message on failure.</summary>
    public static string[]? Tags(IEnumerable<string?>? input, out string error)
    {
        error = "";
        var result = new List<string>();
        foreach (var raw in input ?? [])
        {
            var tag = Tag(raw, out error);
            if (tag is null) return null;
            if (!result.Contains(tag, StringComparer.Ordinal)) result.Add(tag);
        }
        if (result.Count > MaxTags) { error = "每位会员最多10个标签"; return null; }
        return [.. result];
    }

    /// <summary>A reason for a rejection or a transfer: 2-200 characters, no markup.</summary>
    public static string? Reason(string? input, bool required, out string error)
    {
        error = "";
        var s = (input ?? "").Trim();
        if (s.Length == 0)
        {
            if (required) error = "请填写原因";
            return null;
        }
        if (s.Length < 2 || s.Length > MaxReasonLength) { error = "原因应为2-200个字符"; return null; }
        if (HasMarkup(s)) { error = "原因不能包含 < > & 等特殊字符"; return null; }
        return s;
    }

    /// <summary>A region code (6 digits, GB/T 2260, valid province).</summary>
    public static string? RegionCode(string? input, out string error)
    {
        error = "";
        var s = (input ?? "").Trim();
        if (s.Length == 0) { error = "请选择所在区县，或填写6位行政区划代码"; return null; }
        if (!Regions.IsValidRegionCode(s)) { error = "行政区划代码应为6位数字，且省级代码有效"; return null; }
        return s;
    }

    /// <summary>The last four characters of an ID number as typed in a search (digits, or X last).</summary>
    public static string? IdSuffix(string? input, out string error)
    {
        error = "";
        var s = (input ?? "").Trim().ToUpperInvariant();
        if (s.Length != 4 || !s[..3].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(s[3]) || s[3] == 'X'))
        {
            error = "请输入身份证号后4位（数字，最后一位可以是X）";
            return null;
        }
        return s;
    }

    public static bool HasMarkup(string s) => s.Any(c => c is '<' or '>' or '&' or '"' or '\'' || char.IsControl(c));

    private static string Collapse(string? input) =>
        string.Join(' ', (input ?? "").Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Today in China (UTC+8), which is the date people write on forms.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>yyyy年M月d日.</summary>
    public static string ChineseDate(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>Today's date in China (UTC+8, no daylight saving).</summary>
    public static DateOnly ChinaToday(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>Full years of age on <paramref name="today"/>.</summary>
    public static int Age(DateOnly birth, DateOnly today) =>
        today.Year - birth.Year - (today.Month < birth.Month || (today.Month == birth.Month && today.Day < birth.Day) ? 1 : 0);
}
