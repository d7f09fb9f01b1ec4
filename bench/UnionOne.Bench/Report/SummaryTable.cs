using System.Text;

namespace UnionOne.Bench.Report;

/// <summary>Prints the rows as a plain-text table (ASCII, so columns line up in any terminal and CI log).</summary>
internal static class SummaryTable
{
    private static readonly string[] Headers = ["workload", "figure", "baseline", "baseline figure", "ratio", "target", "verdict"];

    public static string Render(IReadOnlyList<ResultRow> rows)
    {
        var cells = rows.Select(r => new[] { r.Workload, r.Figure, r.Baseline, r.BaselineFigure, r.RatioText, r.TargetText, r.Verdict }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] values) => sb.AppendLine("| " + string.Join(" | ", values.Select((v, i) => v.PadRight(widths[i]))) + " |");
        Line(Headers);
        sb.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var c in cells) Line(c);
        var notes = rows.Where(r => !string.IsNullOrEmpty(r.Note)).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var r in notes) sb.AppendLine($"  {r.Workload}: {r.Note}");
        }
        return sb.ToString();
    }
}
