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
}
