namespace UnionOne.Bench.Workloads;

/// <summary>
/// A benchmark: measures its figure and the baseline it is compared with, in the same run, and adds the rows to the
/// report. A feature that is not there yet gives a "not available" row; only a broken baseline is an error.
/// </summary>
internal interface IWorkload
{
    /// <summary>Short name for BENCH_ONLY (import, search, card, pgbench).</summary>
    string Name { get; }

    Task RunAsync(BenchContext context, CancellationToken ct);
}
