using System.Globalization;

namespace UnionOne.Modules.Polls.Domain;

/// <summary>Windows are entered and shown in China time (UTC+8, no daylight saving); stored in UTC.</summary>
internal static class PollTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static string Text(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Input(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Parses "yyyy-MM-ddTHH:mm" or "yyyy-MM-dd HH:mm" (China time) into UTC.</summary>
    public static DateTimeOffset? ParseLocal(string? text)
    {
        var s = (text ?? "").Trim().Replace(' ', 'T');
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
        return DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Offset)
            : null;
    }

    public static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>When members may see the results (结果公布方式).</summary>
public enum ResultsVisibility : short
{
    /// <summary>投票中即可查看</summary>
    Live = 1,

    /// <summary>截止后公布</summary>
    AfterClose = 2,
}

public static class PollLabels
{
    public static string Visibility(ResultsVisibility v) => v == ResultsVisibility.Live ? "投票期间实时公布" : "截止后公布";

    public static string Code(ResultsVisibility v) => v == ResultsVisibility.Live ? "live" : "after-close";

    public static ResultsVisibility? ParseVisibility(string? code) => (code ?? "").Trim() switch
    {
        "live" or "1" => ResultsVisibility.Live,
        "after-close" or "2" => ResultsVisibility.AfterClose,
        _ => null,
    };
}
