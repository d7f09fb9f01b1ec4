using System.Globalization;

namespace UnionOne.Modules.Wallet.Settlement;

/// <summary>Days and months of statements, settlement and reports in Beijing time (Asia/Shanghai: UTC+8, no daylight saving).</summary>
internal static class WalletDays
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + Offset);

    /// <summary>The UTC instant at which the Beijing day begins.</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    /// <summary>The UTC instant at which the Beijing day ends (the next day begins).</summary>
    public static DateTime EndUtc(DateOnly day) => StartUtc(day.AddDays(1));

    public static DateTime Local(DateTime utc) => utc + Offset;

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Text(DateTime utc) => Local(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>A month as yyyy-MM, returned as its first day.</summary>
    public static bool TryParseMonth(string? text, out DateOnly month)
    {
        var ok = DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
        return ok;
    }

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
