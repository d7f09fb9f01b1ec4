using System.Globalization;

namespace UnionOne.Bench;

/// <summary>
/// Sizes, durations and connection counts of a run. `full` is `make bench` (about 20 minutes once the data is
/// seeded), `quick` is `make bench-quick` (under 3 minutes). Every value can be overridden by an environment
/// variable (BENCH_*), documented in docs/performance.md.
/// </summary>
internal sealed record BenchSettings
{
    public required string Mode { get; init; }

    public required long Members { get; init; }

    public required int ImportRows { get; init; }

    public required TimeSpan Warmup { get; init; }

    /// <summary>
    /// Longest warm-up of a paired load: after <see cref="Warmup"/> it goes on, in windows of 2 s, until two windows in a
    /// row agree on throughput within 5% (the runtime's tiered JIT has finished compiling the hot paths) or this is reached.
    /// </summary>
    public required TimeSpan WarmupMax { get; init; }

    /// <summary>Measuring time per side (workload or baseline), split into <see cref="Rounds"/> alternating slices.</summary>
    public required TimeSpan Duration { get; init; }

    public required int Rounds { get; init; }

    public required int SearchClients { get; init; }

    public required int CardClients { get; init; }

    public required int PgbenchSeconds { get; init; }

    public required int PgbenchScale { get; init; }

    public int PgbenchClients { get; init; } = 16;

    public int PgbenchThreads { get; init; } = 2;

    public required Uri AppUrl { get; init; }

    public required string CityStaff { get; init; }

    public required string DistrictStaff { get; init; }

    public required string StaffPassword { get; init; }

    /// <summary>Workload names to run (empty: all). BENCH_ONLY=search,card.</summary>
    public required IReadOnlySet<string> Only { get; init; }

    public bool Runs(string workload) => Only.Count == 0 || Only.Contains(workload);

    public static BenchSettings For(string mode)
    {
        var full = mode switch
        {
            "full" => true,
            "quick" => false,
            _ => throw new ArgumentException($"unknown mode '{mode}' (full or quick)"),
        };
        return new BenchSettings
        {
            Mode = mode,
            Members = Long("BENCH_MEMBERS", full ? 1_000_000 : 100_000),
            ImportRows = Int("BENCH_IMPORT_ROWS", full ? 180_000 : 20_000),
            Warmup = TimeSpan.FromSeconds(Double("BENCH_WARMUP", full ? 5 : 2)),
            WarmupMax = TimeSpan.FromSeconds(Double("BENCH_WARMUP_MAX", full ? 60 : 20)),
            Duration = TimeSpan.FromSeconds(Double("BENCH_DURATION", full ? 20 : 4)),
            Rounds = Int("BENCH_ROUNDS", full ? 4 : 2),
            SearchClients = Int("BENCH_SEARCH_CLIENTS", 16),
            CardClients = Int("BENCH_CARD_CLIENTS", full ? 64 : 32),
            PgbenchSeconds = Int("BENCH_PGBENCH_SECONDS", full ? 30 : 5),
            PgbenchScale = Int("BENCH_PGBENCH_SCALE", 10),
            AppUrl = Loopback(new Uri(Env("BENCH_APP_URL") ?? "http://127.0.0.1:5090")),
            CityStaff = Env("BENCH_CITY_STAFF") ?? "city_admin",
            DistrictStaff = Env("BENCH_DISTRICT_STAFF") ?? "jiaojiang_admin",
            StaffPassword = Env("BENCH_STAFF_PASSWORD") ?? "Demo@2026union",
            Only = (Env("BENCH_ONLY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>What goes into latest.json (no password).</summary>
    public object Summary() => new
    {
        Mode,
        Members,
        ImportRows,
        WarmupSeconds = Warmup.TotalSeconds,
        WarmupMaxSeconds = WarmupMax.TotalSeconds,
        DurationSeconds = Duration.TotalSeconds,
        Rounds,
        SearchClients,
        CardClients,
        PgbenchSeconds,
        PgbenchScale,
        PgbenchClients,
        PgbenchThreads,
        AppUrl = AppUrl.ToString(),
        CityStaff,
        DistrictStaff,
        Only = Only.Count == 0 ? null : string.Join(",", Only),
    };

    /// <summary>Load is only ever sent to this machine.</summary>
    private static Uri Loopback(Uri url) =>
        url.IsLoopback ? url : throw new ArgumentException($"BENCH_APP_URL must be on 127.0.0.1 (load is generated on this machine only), not {url.Host}");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static int Int(string name, int fallback) => Env(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static long Long(string name, long fallback) => Env(name) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static double Double(string name, double fallback) => Env(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
