using System.Globalization;

namespace UnionOne.Platform.Money;

/// <summary>Money is integer fen (分) everywhere; these turn it into the 元 text people read and type.</summary>
public static class Fen
{
    /// <summary>"¥1,234.56" (negative: "-¥12.00").</summary>
    public static string Format(long fen) =>
        (fen < 0 ? "-¥" : "¥") + (Math.Abs((decimal)fen) / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>"1234.56" — for files and form fields.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Reads an amount typed in 元 ("12", "12.5", "12.50", "¥12.50"): at most two decimals, positive; false otherwise.</summary>
    public static bool TryParseYuan(string? text, out long fen)
    {
        fen = 0;
        var s = (text ?? "").Trim().TrimStart('¥', '￥').Replace(",", "", StringComparison.Ordinal).Trim();
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)) return false;
        var scaled = yuan * 100m;
        if (scaled != decimal.Truncate(scaled) || scaled <= 0 || scaled > long.MaxValue / 2) return false;
        fen = (long)scaled;
        return true;
    }

    /// <summary>What a member pays for <paramref name="listFen"/> at <paramref name="basisPoints"/> of the price, rounded half up to the fen.</summary>
    public static long Discounted(long listFen, int basisPoints) => ((listFen * basisPoints) + 5_000) / 10_000;

    /// <summary>"8.5折" (八五折) for 8500 basis points, "7折" for 7000, "无折扣" for 10000.</summary>
    public static string DiscountLabel(int basisPoints) =>
        basisPoints >= 10_000 ? "无折扣" : (basisPoints / 1000m).ToString("0.##", CultureInfo.InvariantCulture) + "折";
}
