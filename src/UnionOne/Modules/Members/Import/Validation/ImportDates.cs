using System.Globalization;

namespace UnionOne.Modules.Members.Import.Validation;

/// <summary>Dates as unions write them: 2024-03-01, 2024/3/1, 2024年3月1日, or an Excel date serial number.</summary>
internal static class ImportDates
{
    private static readonly string[] Formats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日",
        "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm",
    ];

    public static DateOnly? TryParse(string value, bool numeric)
    {
        var s = value.Trim();
        if (numeric || (s.Length <= 6 && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return FromSerial(s);
        return DateTime.TryParseExact(s, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d)
            ? DateOnly.FromDateTime(d)
            : null;
    }

    /// <summary>Excel's serial day number (1900 date system; the fraction is the time of day).</summary>
    private static DateOnly? FromSerial(string s)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)) return null;
        if (serial < 1 || serial > 2958465) return null;
        return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
    }
}
