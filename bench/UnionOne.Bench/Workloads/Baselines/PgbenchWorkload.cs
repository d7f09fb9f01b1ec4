using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;

namespace UnionOne.Bench.Workloads.Baselines;

/// <summary>
/// The database ceilings (issue 6): pgbench TPC-B (a write transaction) and select-only (-S, a read) on a separate
/// database of the same cluster, initialised once with `pgbench -i -s 10`. Printed on their own; later write and read
/// workloads are compared with them.
/// </summary>
internal sealed class PgbenchWorkload : IWorkload
{
    public string Name => "pgbench";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var database = Environment.GetEnvironmentVariable("BENCH_PGBENCH_DB") is { Length: > 0 } d ? d : "unionone_pgbench";
        var url = await BenchDatabase.EnsureAsync(context.ConnectionString, database, ct);
        var pgbench = new Pgbench(url);
        Log.Step($"pgbench: preparing {database} (scale {s.PgbenchScale}, reused when already there)");
        await pgbench.EnsureInitializedAsync(s.PgbenchScale, ct);

        var shape = $"-c {s.PgbenchClients} -j {s.PgbenchThreads} -T {s.PgbenchSeconds}";
        Log.Step($"pgbench: TPC-B {shape}");
        var tpcb = await pgbench.BenchAsync(s.PgbenchClients, s.PgbenchThreads, s.PgbenchSeconds, [], ct);
        context.Add(Row($"pgbench TPC-B ({shape}, s={s.PgbenchScale})", tpcb));

        Log.Step($"pgbench: select-only -S {shape}");
        var select = await pgbench.BenchAsync(s.PgbenchClients, s.PgbenchThreads, s.PgbenchSeconds, ["-S"], ct);
        context.Add(Row($"pgbench select-only (-S {shape})", select));
    }

    private static ResultRow Row(string workload, Pgbench.Outcome o) =>
        ResultRow.BaselineOnly(workload, $"{o.Tps:#,0} tps (avg {o.LatencyMs:0.00} ms)", o,
            o.Failed > 0 ? $"{o.Failed} failed transactions" : null);
}
