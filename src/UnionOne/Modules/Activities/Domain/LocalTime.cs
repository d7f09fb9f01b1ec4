using System.Globalization;

namespace UnionOne.Modules.Activities.Domain;

/// <summary>Activity times are entered and shown in China time (UTC+8, no daylight saving); stored as UTC.</summary>
internal static class LocalTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - Offset, DateTimeKind.Utc);

    public static string Text(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value of an &lt;input type="datetime-local"&gt;.</summary>
    public static string InputValue(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads "yyyy-MM-ddTHH:mm" (or with a space, or with seconds) as China time; null when unreadable.</summary>
    public static DateTime? ParseLocal(string? text)
    {
        var s = (text ?? "").Trim().Replace(' ', 'T');
        string[] formats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
        return DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? ToUtc(local) : null;
    }

    /// <summary>The age in whole years on a day.</summary>
    public static int Age(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age)) age--;
        return age;
    }
}
