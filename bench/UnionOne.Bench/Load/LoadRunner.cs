using System.Diagnostics;

namespace UnionOne.Bench.Load;

/// <summary>
/// One request of a load: returns true when the answer is the expected one. <paramref name="worker"/> is the loop
/// number and <paramref name="iteration"/> a counter unique across loops (to pick inputs round-robin).
/// </summary>
internal delegate ValueTask<bool> LoadOperation(int worker, long iteration, CancellationToken ct);

/// <summary>Runs a <see cref="LoadPlan"/>: N concurrent loops for a fixed time, latency of every request recorded.</summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(LoadPlan plan, LoadOperation operation, CancellationToken ct) =>
        LoadResult.From([await SampleAsync(plan, operation, ct)]);

    /// <summary>One slice of load; slices of the same workload are combined with <see cref="LoadResult.From"/>.</summary>
    public static async Task<LoadSample> SampleAsync(LoadPlan plan, LoadOperation operation, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(plan.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
        var budget = plan.MaxRequests;
        var loops = Enumerable.Range(0, plan.Concurrency).Select(_ => new LoopState()).ToArray();

        var tasks = new Task[plan.Concurrency];
        for (var w = 0; w < plan.Concurrency; w++)
        {
            var worker = w;
            var state = loops[w];
            tasks[w] = Task.Run(async () =>
            {
                long iteration = worker;
                while (!ct.IsCancellationRequested)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    if (t0 >= measureUntil) break;
                    bool ok;
                    string? error = null;
                    try
                    {
                        ok = await operation(worker, iteration, ct);
                        if (!ok) error = "unexpected answer";
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        ok = false;
                        error = $"{e.GetType().Name}: {e.Message}";
                    }
                    var t1 = Stopwatch.GetTimestamp();
                    iteration += plan.Concurrency;
                    if (t0 < measureFrom) continue;
                    if (Interlocked.Decrement(ref budget) < 0) break;
                    if (ok) state.Latencies.Add(t1 - t0);
                    else
                    {
                        state.Errors++;
                        state.FirstError ??= error;
                    }
                    state.LastEnd = t1;
                }
            }, CancellationToken.None);
        }
        await Task.WhenAll(tasks);

        var lastEnd = loops.Max(l => l.LastEnd);
        return new LoadSample(
            plan.Concurrency,
            Latencies.Merge(loops.Select(l => l.Latencies)),
            loops.Sum(l => l.Errors),
            lastEnd > measureFrom ? (double)(lastEnd - measureFrom) / Stopwatch.Frequency : 0,
            loops.Select(l => l.FirstError).FirstOrDefault(e => e is not null));
    }

    private sealed class LoopState
    {
        public Latencies Latencies { get; } = new();

        public long Errors { get; set; }

        public string? FirstError { get; set; }

        public long LastEnd { get; set; }
    }
}
