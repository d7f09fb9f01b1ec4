using System.Globalization;

namespace UnionOne.Modules.Bookings.Domain;

/// <summary>Opening windows and days are local time in China (UTC+8, no daylight saving).</summary>
internal static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(ToLocal(utcNow));

    /// <summary>The UTC instant of a local day and minute after midnight.</summary>
    public static DateTime ToUtc(DateOnly day, int minute) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute) - Offset, DateTimeKind.Utc);

    public static string Time(DateTime utc) => ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string DateTimeText(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Minute(int minute) =>
        (minute / 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (minute % 60).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Parses "HH:mm" (00:00-24:00) into minutes after midnight.</summary>
    public static int? ParseMinute(string? text)
    {
        var s = (text ?? "").Trim();
        var parts = s.Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        if (h > 24 || m > 59 || (h == 24 && m != 0)) return null;
        return h * 60 + m;
    }

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
