using System.Globalization;

namespace UnionOne.Modules.Quizzes.Domain;

/// <summary>Windows are entered and shown in China time (UTC+8, no daylight saving); stored in UTC.</summary>
internal static class QuizTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    public static string Text(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value of a datetime-local field ("yyyy-MM-ddTHH:mm") as local time of China.</summary>
    public static string Input(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Parses "yyyy-MM-ddTHH:mm" or "yyyy-MM-dd HH:mm" (China time) into UTC.</summary>
    public static DateTime? ParseLocal(string? text)
    {
        var s = (text ?? "").Trim().Replace(' ', 'T');
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
        return DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc)
            : null;
    }

    /// <summary>"12分30秒" / "12 min 30 s" for a duration.</summary>
    public static string Duration(TimeSpan span, bool english)
    {
        var total = (int)Math.Max(0, Math.Round(span.TotalSeconds));
        var (m, s) = (total / 60, total % 60);
        return english ? $"{m} min {s} s" : $"{m}分{s}秒";
    }

    public static bool English => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);
}
