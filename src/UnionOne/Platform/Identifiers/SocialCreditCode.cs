namespace UnionOne.Platform.Identifiers;

/// <summary>
/// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character alphabet
/// without I, O, Z, S, V; the 18th is a check character over weights 3^i mod 31.
/// </summary>
public static class SocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>Normalises (trim, upper case) and validates; null and a Chinese message on failure.</summary>
    public static string? TryNormalize(string? input, out string error)
    {
        error = "";
        var s = (input ?? "").Trim().ToUpperInvariant();
        if (s.Length == 0) { error = "请填写统一社会信用代码"; return null; }
        if (s.Length != 18) { error = $"统一社会信用代码应为18位（当前为{s.Length}位）"; return null; }
        if (s.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal))) { error = "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）"; return null; }
        if (CheckCharacter(s.AsSpan(0, 17)) != s[17]) { error = "统一社会信用代码校验位错误，请核对营业执照"; return null; }
        return s;
    }

    public static bool IsValid(string? input) => TryNormalize(input, out _) is not null;
}
