using System.Globalization;

namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>Event times are entered and shown in China's local time (UTC+8, no daylight saving).</summary>
internal static class LocalTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(ToLocal(utcNow));

    public static DateTime ToUtc(DateOnly day, int minute) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute) - Offset, DateTimeKind.Utc);

    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    public static string Time(DateTime utc) => ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateTimeText(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"yyyy-MM-dd HH:mm" (or the datetime-local form "yyyy-MM-ddTHH:mm") in local time, as UTC.</summary>
    public static DateTime? ParseDateTime(string? text) =>
        DateTime.TryParseExact((text ?? "").Trim(), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? ToUtc(local) : null;

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>"HH:mm" as minutes after midnight.</summary>
    public static int? ParseMinute(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour * 60 + t.Minute : null;

    public static string SlotText(DateTime startsAt, DateTime endsAt) => $"{Day(startsAt)} {Time(startsAt)}-{Time(endsAt)}";
}
