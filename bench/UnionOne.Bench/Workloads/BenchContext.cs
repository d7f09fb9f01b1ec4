using Npgsql;
using UnionOne.Bench.Report;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads;

/// <summary>What every workload gets: settings, the bench database, the app's keys and the report being built.</summary>
internal sealed class BenchContext(BenchSettings settings, string connectionString, NpgsqlDataSource db, long members)
{
    private readonly List<ResultRow> rows = [];
    private readonly Dictionary<int, Task<Baselines.Pgbench.Outcome>> tpcb = [];
    private IPersonalDataCipher? cipher;

    public BenchSettings Settings { get; } = settings;

    /// <summary>The bench database (UNIONONE_DB), the one the app under test uses.</summary>
    public string ConnectionString { get; } = connectionString;

    public NpgsqlDataSource Db { get; } = db;

    /// <summary>Members in the bench database when the run started.</summary>
    public long Members { get; } = members;

    /// <summary>The app's personal-data cipher (same secrets file): decrypts phones, computes look-up hashes.</summary>
    public IPersonalDataCipher Cipher => cipher ??= Infrastructure.Secrets.Cipher();

    public IReadOnlyList<ResultRow> Rows => rows;

    public void Add(ResultRow row)
    {
        rows.Add(row);
        Infrastructure.Log.Step($"{row.Workload}: {row.Figure} | {row.Baseline} {row.BaselineFigure} | {row.RatioText} {row.TargetText} -> {row.Verdict}" +
                                (row.Note is null ? "" : $" ({row.Note})"));
    }

    /// <summary>A load plan with the run's warm-up and duration.</summary>
    public Load.LoadPlan Plan(int concurrency) => new(concurrency, Settings.Warmup, Settings.Duration);

    /// <summary>A workload and its baseline in alternating slices (see <see cref="Load.PairedLoad"/>).</summary>
    public Task<(Load.LoadResult Baseline, Load.LoadResult Workload)> PairedAsync(int concurrency, Load.LoadOperation baseline, Load.LoadOperation workload, CancellationToken ct) =>
        Load.PairedLoad.RunAsync(concurrency, new Load.Warmup(Settings.Warmup, Settings.WarmupMax), Settings.Duration, Settings.Rounds, baseline, workload, ct);

    public string Shape(int concurrency) =>
        $"{concurrency} clients, {Settings.Warmup.TotalSeconds:0.#}-{Settings.WarmupMax.TotalSeconds:0.#} s warm-up until steady, {Settings.Duration.TotalSeconds:0.#} s each side in {Settings.Rounds} alternating slices";

    /// <summary>
    /// pgbench TPC-B at <paramref name="clients"/> connections on the run's pgbench database, measured once per client count
    /// in a run and shared by every write workload compared with it (member-code verification, booking).
    /// </summary>
    public Task<Baselines.Pgbench.Outcome> TpcbAsync(int clients, CancellationToken ct)
    {
        lock (tpcb)
        {
            if (!tpcb.TryGetValue(clients, out var run)) tpcb[clients] = run = MeasureTpcbAsync(clients, ct);
            return run;
        }
    }

    private async Task<Baselines.Pgbench.Outcome> MeasureTpcbAsync(int clients, CancellationToken ct)
    {
        var database = Environment.GetEnvironmentVariable("BENCH_PGBENCH_DB") is { Length: > 0 } d ? d : "unionone_pgbench";
        var url = await Infrastructure.BenchDatabase.EnsureAsync(ConnectionString, database, ct);
        var pgbench = new Baselines.Pgbench(url);
        await pgbench.EnsureInitializedAsync(Settings.PgbenchScale, ct);
        Infrastructure.Log.Step($"pgbench: TPC-B -c {clients} -j {Settings.PgbenchThreads} -T {Settings.PgbenchSeconds} (baseline for write workloads)");
        return await pgbench.BenchAsync(clients, Settings.PgbenchThreads, Settings.PgbenchSeconds, [], ct);
    }

    /// <summary>Why a workload that needs seeded members cannot run, or null.</summary>
    public string? NoMembersReason => Members > 0 ? null :
        "the bench database holds no members (`UnionOne.dll seed-large` did not seed them; see the seeding step above)";
}
