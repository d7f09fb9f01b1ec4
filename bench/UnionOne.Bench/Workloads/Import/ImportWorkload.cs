using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Bulk import of N rows from .xlsx (180,000 in the full run) through the platform's import service into a fresh
/// grassroots union, in rows per second, against a raw binary COPY of the same rows (encryption precomputed) into the
/// same table. Target: at least 0.3x. The import runs in a child process whose peak resident memory must stay at or
/// under 300 MB. Both write into scratch unions that are removed afterwards, so the bench database keeps its size.
/// </summary>
internal sealed class ImportWorkload : IWorkload
{
    private static readonly Target SpeedTarget = Target.RatioAtLeast(0.3);
    private static readonly Target MemoryTarget = Target.AtMost(300, "MB");

    public string Name => "import";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var rows = context.Settings.ImportRows;
        var workload = $"import {rows:#,0} rows (.xlsx)";
        const string baselineName = "raw binary COPY";
        var memoryWorkload = "import peak memory (child RSS)";

        await CleanupAsync(context, ct);
        var dataset = await ImportDataset.EnsureAsync(context, rows, ct);

        Log.Step($"import: COPY baseline of {rows:#,0} rows into a scratch union");
        var copy = await CopyBaseline.RunAsync(context, dataset, ct);
        var copyFigure = $"{copy.RowsPerSecond:#,0} rows/s ({copy.Seconds:0.0} s)";
        await CleanupAsync(context, ct);

        Log.Step($"import: {Path.GetFileName(dataset.XlsxPath)} through the import service, in a child process");
        ImportChild.Result child;
        try
        {
            child = await ChildProcess.RunAsync<ImportChild.Result>(ImportChild.Verb, ["--file", dataset.XlsxPath], TimeSpan.FromMinutes(30), ct);
        }
        finally
        {
            await CleanupAsync(context, ct);
        }

        if (!child.Available)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, copyFigure, SpeedTarget, child.Reason!) with { Details = new { copy } });
            context.Add(ResultRow.NotAvailable(memoryWorkload, "-", "-", MemoryTarget, child.Reason!));
            return;
        }
        if (child.Error is not null || child.Outcome is not { } outcome)
        {
            context.Add(ResultRow.Broken(workload, baselineName, SpeedTarget.Text, "import failed: " + child.Error) with { BaselineFigure = copyFigure, Details = new { copy } });
            return;
        }

        var rowsPerSecond = outcome.TotalRows / child.Seconds;
        var ratio = rowsPerSecond / copy.RowsPerSecond;
        var note = outcome.ValidRows == rows && outcome.Inserted == rows ? null
            : $"of {rows:#,0} rows: {outcome.TotalRows:#,0} read, {outcome.ValidRows:#,0} valid, {outcome.ErrorRows:#,0} with errors, {outcome.Inserted:#,0} inserted";
        context.Add(ResultRow.Measured(workload,
            $"{rowsPerSecond:#,0} rows/s ({child.Seconds:0.0} s: validate {outcome.ValidateSeconds:0.0} + commit {outcome.CommitSeconds:0.0})",
            baselineName, copyFigure, ratio, SpeedTarget, ratio, new { import = child, copy }) with { Note = note });

        var peakMb = child.PeakResidentBytes / 1024.0 / 1024.0;
        context.Add(ResultRow.Measured(memoryWorkload, $"{peakMb:0} MB peak (app up: {child.ResidentAtStartBytes / 1024.0 / 1024.0:0} MB)",
            "-", "-", null, MemoryTarget, peakMb, new { child.PeakResidentBytes, child.ResidentAtStartBytes }));
    }

    private static async Task CleanupAsync(BenchContext context, CancellationToken ct)
    {
        var removed = await ScratchCleanup.RunAsync(context.Db, ct);
        if (removed > 0) Log.Step($"import: removed {removed:#,0} scratch members (and their unions), vacuumed members.members");
    }
}
