namespace UnionOne.Bench.Load;

/// <summary>
/// A closed-loop load: <see cref="Concurrency"/> loops each send one request, wait for the answer and send the next.
/// Requests started during the warm-up are not recorded; no request starts after warm-up + duration, and at most
/// <see cref="MaxRequests"/> are recorded, so every run is bounded in time and in count.
/// </summary>
internal sealed record LoadPlan(int Concurrency, TimeSpan Warmup, TimeSpan Duration, long MaxRequests = 5_000_000)
{
    public override string ToString() =>
        $"{Concurrency} clients, {Warmup.TotalSeconds:0.#} s warm-up + {Duration.TotalSeconds:0.#} s";
}
