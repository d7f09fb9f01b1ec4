using System.Globalization;

namespace UnionOne.Bench.Report;

/// <summary>
/// One line of the summary: a workload's figure beside the baseline measured in the same run, their ratio, the target
/// and the verdict. <see cref="Details"/> carries the raw numbers for bench/results/latest.json.
/// </summary>
internal sealed record ResultRow(
    string Workload,
    string Figure,
    string Baseline,
    string BaselineFigure,
    double? Ratio,
    string TargetText,
    string Verdict,
    string? Note = null)
{
    public object? Details { get; init; }

    public string RatioText => Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:0.00}x") : "-";

    /// <summary>A figure with its baseline and target; the verdict follows from the value the target is on.</summary>
    public static ResultRow Measured(string workload, string figure, string baseline, string baselineFigure, double? ratio, Target target, double value, object? details = null) =>
        new(workload, figure, baseline, baselineFigure, ratio, target.Text, target.Meets(value) ? Verdicts.Pass : Verdicts.Fail) { Details = details };

    public static ResultRow BaselineOnly(string workload, string figure, object? details = null, string? note = null) =>
        new(workload, figure, "-", "-", null, "-", Verdicts.Baseline, note) { Details = details };

    public static ResultRow NotAvailable(string workload, string baseline, string baselineFigure, Target target, string reason) =>
        new(workload, "-", baseline, baselineFigure, null, target.Text, Verdicts.NotAvailable, reason);

    public static ResultRow Broken(string workload, string baseline, string targetText, string reason) =>
        new(workload, "-", baseline, "-", null, targetText, Verdicts.Error, reason);
}
