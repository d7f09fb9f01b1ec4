using System.Globalization;

namespace UnionOne.Platform.Identifiers;

/// <summary>
/// A real name as on an ID card: Chinese characters (with the middle dot · of minority and foreign names)
/// or Latin letters and spaces; 2-30 characters; no markup or control characters.
/// </summary>
public static class PersonName
{
    public static string? TryNormalize(string? input, out string error)
    {
        error = "";
        var s = string.Join(' ', (input ?? "").Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('•', '·').Replace('．', '·');
        if (s.Length == 0) { error = "请填写姓名"; return null; }
        if (s.Length < 2 || s.Length > 30) { error = "姓名长度应为2-30个字符"; return null; }
        foreach (var c in s)
        {
            var ok = c == '·' || c == ' ' || char.IsAsciiLetter(c) || IsHan(c);
            if (!ok) { error = "姓名只能包含汉字、字母和间隔号“·”"; return null; }
        }
        return s;
    }

    private static bool IsHan(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u3400' && c <= '\u9FFF';
}
