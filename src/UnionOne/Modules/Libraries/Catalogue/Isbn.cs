namespace UnionOne.Modules.Libraries.Catalogue;

/// <summary>
/// ISBN as people type it: ISBN-13 (978/979) or ISBN-10, with or without hyphens and spaces. The check digit is
/// verified; an ISBN-10 is upgraded to its ISBN-13 (978 + first nine digits + new check digit), the form stored.
/// </summary>
internal static class Isbn
{
    /// <summary>Why an ISBN was refused: a zh-CN message (the localisation key) and its format arguments.</summary>
    public sealed record Problem(string Message, params object[] Arguments);

    public static string? TryNormalize(string? input, out Problem? problem)
    {
        problem = null;
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        if (s.StartsWith("ISBN", StringComparison.Ordinal)) s = s[4..].TrimStart(':');
        if (s.Length == 0) { problem = new("请填写ISBN"); return null; }
        if (!s.All(c => char.IsAsciiDigit(c) || c == 'X')) { problem = new("ISBN只能包含数字、连字符和末位的X"); return null; }
        if (s.Length == 13)
        {
            if (s.Contains('X')) { problem = new("ISBN-13只能由数字组成"); return null; }
            if (!s.StartsWith("978", StringComparison.Ordinal) && !s.StartsWith("979", StringComparison.Ordinal))
            {
                problem = new("ISBN-13应以978或979开头");
                return null;
            }
            var expected = Check13(s.AsSpan(0, 12));
            if (s[12] != expected) { problem = new("ISBN校验位错误：按前12位计算，末位应为{0}，请核对后重新输入", expected); return null; }
            return s;
        }
        if (s.Length == 10)
        {
            if (s[..9].Contains('X')) { problem = new("ISBN-10只有末位可以是X"); return null; }
            var expected = Check10(s.AsSpan(0, 9));
            if (s[9] != expected) { problem = new("ISBN校验位错误：按前9位计算，末位应为{0}，请核对后重新输入", expected); return null; }
            var first12 = "978" + s[..9];
            return first12 + Check13(first12);
        }
        problem = new("ISBN应为10位或13位（当前为{0}位）", s.Length);
        return null;
    }

    /// <summary>EAN-13 check digit: weights 1 and 3 alternately.</summary>
    public static char Check13(ReadOnlySpan<char> first12)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++) sum += (first12[i] - '0') * (i % 2 == 0 ? 1 : 3);
        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>ISBN-10 check character: weights 10..2, modulo 11, 10 written X.</summary>
    public static char Check10(ReadOnlySpan<char> first9)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (first9[i] - '0') * (10 - i);
        var check = (11 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }
}
