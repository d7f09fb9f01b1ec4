using System.Globalization;

namespace UnionOne.Bench.Report;

/// <summary>A target from the issue: a ratio against the same-run baseline, or (memory only) an absolute bound.</summary>
internal sealed record Target(string Text, Func<double, bool> Meets, bool OnRatio)
{
    public static Target RatioAtLeast(double min) => new(string.Create(CultureInfo.InvariantCulture, $">= {min:0.##}x"), v => v >= min, true);

    public static Target RatioAtMost(double max) => new(string.Create(CultureInfo.InvariantCulture, $"<= {max:0.##}x"), v => v <= max, true);

    public static Target AtLeast(double min, string unit) => new(string.Create(CultureInfo.InvariantCulture, $">= {min:#,0.##} {unit}"), v => v >= min, false);

    public static Target AtMost(double max, string unit) => new(string.Create(CultureInfo.InvariantCulture, $"<= {max:0.##} {unit}"), v => v <= max, false);
}
