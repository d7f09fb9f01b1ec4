using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionOne.Modules.Places.Domain;

/// <summary>One weekly rule: on these ISO days (1 = Monday … 7 = Sunday), open from..to local time (HH:mm, "24:00" allowed as the end).</summary>
public sealed record HoursRule(
    [property: JsonPropertyName("days")] int[] Days,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To);

/// <summary>Opening hours: weekly rules in Asia/Shanghai local time, stored as jsonb; "open now" is evaluated in SQL (<see cref="OpenNowSql"/>).</summary>
internal static class OpeningHours
{
    public const int MaxRules = 14;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// SQL that is true when place alias <c>p</c> is open at local ISO weekday @localDow and local time @localTime ('HH:mm').
    /// Times compare as text in the C collation (fixed-width HH:mm).
    /// </summary>
    public const string OpenNowSql = """
        (p.open_24h or exists (select 1 from jsonb_array_elements(p.opening_hours) r
                               where (r -> 'days') @> to_jsonb(@localDow::int)
                                 and (r ->> 'from') collate "C" <= @localTime collate "C"
                                 and @localTime collate "C" < (r ->> 'to') collate "C"))
        """;

    public static string ToJson(IReadOnlyList<HoursRule> rules) => JsonSerializer.Serialize(rules, Json);

    public static IReadOnlyList<HoursRule> FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<HoursRule>>(json, Json) ?? [];

    /// <summary>Normalises and checks the rules; returns the zh-CN message keys of what is wrong (empty when fine).</summary>
    public static List<string> Validate(bool open24h, IReadOnlyList<HoursRule>? rules, out List<HoursRule> normalised)
    {
        normalised = [];
        var errors = new List<string>();
        if (open24h) return errors;
        if (rules is null || rules.Count == 0)
        {
            errors.Add("请填写开放时间，或选择24小时开放");
            return errors;
        }
        if (rules.Count > MaxRules)
        {
            errors.Add("开放时间规则最多14条");
            return errors;
        }
        foreach (var rule in rules)
        {
            if (rule.Days is null || rule.Days.Length == 0 || rule.Days.Any(d => d is < 1 or > 7))
            {
                errors.Add("开放日应为周一至周日（1-7）");
                continue;
            }
            var from = ParseTime(rule.From, allowEndOfDay: false);
            var to = ParseTime(rule.To, allowEndOfDay: true);
            if (from is null || to is null)
            {
                errors.Add("时间格式应为 HH:mm，例如 08:30");
                continue;
            }
            if (to <= from)
            {
                errors.Add("结束时间须晚于开始时间（跨夜请分两段填写）");
                continue;
            }
            normalised.Add(new HoursRule([.. rule.Days.Distinct().Order()], Format(from.Value), Format(to.Value)));
        }
        foreach (var day in Enumerable.Range(1, 7))
        {
            var spans = normalised.Where(r => r.Days.Contains(day)).OrderBy(r => r.From, StringComparer.Ordinal).ToList();
            for (var i = 1; i < spans.Count; i++)
                if (string.CompareOrdinal(spans[i].From, spans[i - 1].To) < 0)
                {
                    errors.Add("同一天的开放时段不能重叠");
                    return errors.Distinct().ToList();
                }
        }
        return errors.Distinct().ToList();
    }

    /// <summary>Minutes since midnight, or null. "24:00" only as an end.</summary>
    public static int? ParseTime(string? text, bool allowEndOfDay)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().Replace('：', ':');
        if (allowEndOfDay && t == "24:00") return 24 * 60;
        if (!TimeOnly.TryParseExact(t, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return null;
        return time.Hour * 60 + time.Minute;
    }

    private static string Format(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>The spans of one ISO weekday, e.g. ["08:00-12:00", "14:00-20:00"].</summary>
    public static IReadOnlyList<string> SpansOn(IReadOnlyList<HoursRule> rules, int isoDay) =>
        rules.Where(r => r.Days.Contains(isoDay)).OrderBy(r => r.From, StringComparer.Ordinal).Select(r => $"{r.From}-{r.To}").ToList();
}
