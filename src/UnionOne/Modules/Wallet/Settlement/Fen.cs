using System.Globalization;

namespace UnionOne.Modules.Wallet.Settlement;

/// <summary>Money is integer fen; these only turn it into text (yuan with two decimals), never into a fraction.</summary>
internal static class Fen
{
    /// <summary>1234.56 (no separators; what a bank file and a spreadsheet cell take).</summary>
    public static string Yuan(long fen)
    {
        var sign = fen < 0 ? "-" : "";
        var abs = fen == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(fen);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{abs % 100:00}");
    }

    /// <summary>¥1,234.56 for screens.</summary>
    public static string Show(long fen)
    {
        var sign = fen < 0 ? "-" : "";
        var abs = fen == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(fen);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}¥{abs / 100:#,0}.{abs % 100:00}");
    }
}
