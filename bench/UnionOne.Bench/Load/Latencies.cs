namespace UnionOne.Bench.Load;

/// <summary>Latencies of one load loop, in microseconds; merged and sorted once at the end.</summary>
internal sealed class Latencies
{
    private readonly List<int> micros = new(16_384);

    public int Count => micros.Count;

    public void Add(long stopwatchTicks) =>
        micros.Add((int)Math.Min(int.MaxValue, stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency));

    public static int[] Merge(IEnumerable<Latencies> all) => all.SelectMany(l => l.micros).ToArray();

    /// <summary>Nearest-rank percentile of sorted microseconds, in milliseconds (0 when empty).</summary>
    public static double PercentileMs(int[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] / 1000.0;
    }
}
