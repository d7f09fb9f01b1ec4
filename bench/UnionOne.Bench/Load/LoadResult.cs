namespace UnionOne.Bench.Load;

/// <summary>What a load run measured. Latencies are of successful requests, in milliseconds.</summary>
internal sealed record LoadResult(
    int Concurrency,
    long Requests,
    long Errors,
    double Seconds,
    double PerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    string? FirstError)
{
    /// <summary>More than 1% failed requests: the figure describes a broken run, not a speed.</summary>
    public bool Failed => Requests == 0 || Errors > (Requests + Errors) / 100;

    public string Latency => $"p50 {P50Ms:0.00} ms, p95 {P95Ms:0.00} ms";

    public string Throughput => $"{PerSecond:#,0} req/s";

    /// <summary>Combines slices of the same workload: throughput over their summed time, percentiles over all their latencies.</summary>
    public static LoadResult From(IReadOnlyList<LoadSample> samples)
    {
        var all = samples.SelectMany(s => s.Micros).ToArray();
        Array.Sort(all);
        var seconds = samples.Sum(s => s.Seconds);
        return new LoadResult(
            samples[0].Concurrency,
            all.Length,
            samples.Sum(s => s.Errors),
            seconds,
            seconds > 0 ? all.Length / seconds : 0,
            Latencies.PercentileMs(all, 50),
            Latencies.PercentileMs(all, 95),
            Latencies.PercentileMs(all, 99),
            all.Length > 0 ? all[^1] / 1000.0 : 0,
            samples.Select(s => s.FirstError).FirstOrDefault(e => e is not null));
    }
}

/// <summary>One slice of load: the latencies (microseconds) of its successful requests, its failures and its measured time.</summary>
internal sealed record LoadSample(int Concurrency, int[] Micros, long Errors, double Seconds, string? FirstError);
