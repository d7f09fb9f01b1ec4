using System.Globalization;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>Beijing time (UTC+8, no daylight saving): batch dates and notice periods are local calendar days.</summary>
public static class ChinaTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + Offset);

    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The UTC instant at which the local day <paramref name="day"/> begins.</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => Date(Day(utc));

    public static string Minute(DateTime utc) => (utc + Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
