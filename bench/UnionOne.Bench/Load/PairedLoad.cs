namespace UnionOne.Bench.Load;

/// <summary>
/// A workload and its baseline measured in alternating slices (baseline, workload, baseline, workload, ...) with the
/// same number of clients, after a warm-up of each until its throughput is steady (<see cref="Warmup"/>). Both then see the same background activity on the machine, which
/// is what lets their ratio cancel out a noisy neighbour; each side still gets the whole duration in total.
/// </summary>
internal static class PairedLoad
{
    /// <summary>Between slices connections stay open; a short settle time lets every loop reach steady state again.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(0.5);

    public static async Task<(LoadResult Baseline, LoadResult Workload)> RunAsync(
        int concurrency, Warmup warmup, TimeSpan duration, int rounds, LoadOperation baseline, LoadOperation workload, CancellationToken ct)
    {
        rounds = Math.Max(1, rounds);
        var slice = duration / rounds;
        var a = new List<LoadSample>(rounds);
        var b = new List<LoadSample>(rounds);
        Warmup.Report("the baseline", await warmup.RunAsync(concurrency, baseline, ct));
        Warmup.Report("the workload", await warmup.RunAsync(concurrency, workload, ct));
        for (var round = 0; round < rounds; round++)
        {
            a.Add(await LoadRunner.SampleAsync(new LoadPlan(concurrency, Settle, slice), baseline, ct));
            b.Add(await LoadRunner.SampleAsync(new LoadPlan(concurrency, Settle, slice), workload, ct));
        }
        return (LoadResult.From(a), LoadResult.From(b));
    }
}
