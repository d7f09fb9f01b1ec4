using UnionOne.Bench.Infrastructure;

namespace UnionOne.Bench.Load;

/// <summary>
/// How long a load is run before it is measured: at least <see cref="Min"/>, then in windows of 2 s until two windows
/// in a row agree on throughput within 5%, or <see cref="Max"/> has passed. A freshly started app keeps compiling its
/// hot paths (tiered JIT with dynamic PGO) for tens of seconds when the load saturates both cores; a fixed few seconds
/// would charge that compilation to whichever workload runs first.
/// </summary>
internal sealed record Warmup(TimeSpan Min, TimeSpan Max)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private const double Agreement = 0.05;

    /// <summary>Runs <paramref name="operation"/> until steady; returns the time spent and whether it became steady.</summary>
    public async Task<(TimeSpan Spent, bool Steady)> RunAsync(int concurrency, LoadOperation operation, CancellationToken ct)
    {
        await LoadRunner.SampleAsync(new LoadPlan(concurrency, TimeSpan.Zero, Min), operation, ct);
        var spent = Min;
        double? previous = null;
        while (spent < Max)
        {
            var window = await LoadRunner.SampleAsync(new LoadPlan(concurrency, TimeSpan.Zero, Window), operation, ct);
            spent += Window;
            var rate = window.Seconds > 0 ? window.Micros.Length / window.Seconds : 0;
            if (previous is { } last && rate > 0 && Math.Abs(rate - last) <= Agreement * Math.Max(rate, last)) return (spent, true);
            previous = rate;
        }
        return (spent, false);
    }

    public static void Report(string side, (TimeSpan Spent, bool Steady) outcome) =>
        Log.Step(outcome.Steady
            ? $"  warm-up of {side}: steady after {outcome.Spent.TotalSeconds:0} s"
            : $"  warm-up of {side}: not steady after {outcome.Spent.TotalSeconds:0} s (measured anyway)");
}
