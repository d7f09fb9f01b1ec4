namespace UnionOne.Platform.Identifiers;

/// <summary>Mainland mobile numbers: 11 digits, 1 then 3-9. A +86 or 86 prefix and spaces or dashes are removed.</summary>
public static class MobilePhone
{
    public static string? TryNormalize(string? input, out string error)
    {
        error = "";
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (s.StartsWith("+86", StringComparison.Ordinal)) s = s[3..];
        else if (s.Length == 13 && s.StartsWith("86", StringComparison.Ordinal)) s = s[2..];
        if (s.Length == 0) { error = "请填写手机号码"; return null; }
        if (!s.All(char.IsAsciiDigit)) { error = "手机号码只能包含数字"; return null; }
        if (s.Length != 11) { error = $"手机号码应为11位（当前为{s.Length}位）"; return null; }
        if (s[0] != '1' || s[1] < '3') { error = "请输入有效的中国大陆手机号码（以13-19开头）"; return null; }
        return s;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out _) is not null;
}
