using System.Globalization;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>
/// Amounts as people type them (元, up to two decimals) turned into integer fen, and fen shown as ¥12.34. Parsing works on
/// the digits, never through a binary floating-point number, so 0.1 + 0.2 problems cannot arise.
/// </summary>
internal static class Money
{
    public enum YuanError
    {
        None,
        Empty,
        NotANumber,
        NotPositive,
        FractionalFen,
        TooLarge,
    }

    /// <summary>"100", "100.5", "100.50", "¥1,000.00" → fen; an error for empty, negative, zero, more than two decimals or absurdly large.</summary>
    public static YuanError TryParseYuan(string? text, out long fen)
    {
        fen = 0;
        var s = (text ?? "").Trim().Replace("¥", "", StringComparison.Ordinal).Replace("￥", "", StringComparison.Ordinal)
            .Replace(",", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal).Trim();
        if (s.Length == 0) return YuanError.Empty;
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+')) s = s[1..];
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return YuanError.NotANumber;
        fraction = fraction.TrimEnd('0');
        if (fraction.Length > 2) return negative ? YuanError.NotPositive : YuanError.FractionalFen;
        whole = whole.TrimStart('0');
        if (whole.Length > 12) return YuanError.TooLarge;
        fen = (whole.Length == 0 ? 0 : long.Parse(whole, CultureInfo.InvariantCulture)) * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        if (negative || fen == 0)
        {
            fen = 0;
            return YuanError.NotPositive;
        }
        return YuanError.None;
    }

    /// <summary>A number Excel stored (e.g. "100.5" or "99.999999999999986" for 100.00 typed and computed): rounded to 1e-9 first.</summary>
    public static YuanError TryParseExcelNumber(string? raw, out long fen)
    {
        fen = 0;
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return YuanError.NotANumber;
        value = Math.Round(value, 9);
        return TryParseYuan(value.ToString(CultureInfo.InvariantCulture), out fen);
    }

    /// <summary>¥1,234.50</summary>
    public static string Yuan(long fen) =>
        (fen < 0 ? "-¥" : "¥") + (Math.Abs(fen) / 100).ToString("#,0", CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>1234.50 (for form fields).</summary>
    public static string Plain(long fen) =>
        (fen / 100).ToString(CultureInfo.InvariantCulture) + "." + (fen % 100).ToString("00", CultureInfo.InvariantCulture);
}
