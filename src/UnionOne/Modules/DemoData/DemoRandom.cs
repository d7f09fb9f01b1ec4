namespace UnionOne.Modules.DemoData;

/// <summary>
/// A small deterministic generator (SplitMix64). Seeded from a member's index, it makes that member the same
/// on every run and on every thread, without shared state: benchmarks are repeatable.
/// </summary>
internal struct DemoRandom(ulong seed)
{
    private ulong state = seed;

    public static DemoRandom For(long index, ulong stream) => new(((ulong)index * 0x9E3779B97F4A7C15UL) ^ stream);

    public ulong NextULong()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; max.</summary>
    public int Next(int max) => (int)(NextULong() % (ulong)max);

    /// <summary>min ≤ result &lt; max.</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
