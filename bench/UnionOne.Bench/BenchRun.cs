using System.Diagnostics;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;
using UnionOne.Bench.Workloads;
using UnionOne.Bench.Workloads.Baselines;
using UnionOne.Bench.Workloads.Booking;
using UnionOne.Bench.Workloads.Card;
using UnionOne.Bench.Workloads.Disbursement;
using UnionOne.Bench.Workloads.Import;
using UnionOne.Bench.Workloads.MemberCode;
using UnionOne.Bench.Workloads.Search;

namespace UnionOne.Bench;

/// <summary>`UnionOne.Bench run full|quick`: every workload against the running app, then the table and latest.json.</summary>
internal static class BenchRun
{
    /// <summary>In the order of issue 2's "Done when", then the ceilings issue 6 asks for.</summary>
    private static IReadOnlyList<IWorkload> Workloads() => [new ImportWorkload(), new SearchWorkload(), new CardWorkload(), new MemberCodeWorkload(), new BookingWorkload(), new Workloads.Wallet.PaymentWorkload(), new DisbursementWorkload(), new Workloads.SubsidyEvents.SubsidyWorkload(), new Workloads.Activities.ActivitiesWorkload(), new PgbenchWorkload()];

    public static async Task<int> MemberCookieAsync(CancellationToken ct)
    {
        var connectionString = Environment.GetEnvironmentVariable("UNIONONE_DB") ?? throw new ArgumentException("UNIONONE_DB is not set");
        await using var db = BenchDatabase.Open(connectionString);
        var context = new BenchContext(BenchSettings.For("quick"), connectionString, db, await BenchDatabase.CountMembersAsync(db, ct));
        var outcome = await new Workloads.Card.MemberSignIn(context).SignInAsync(ct);
        if (outcome.Cookie is null)
        {
            Console.Error.WriteLine(outcome.Failure);
            return 1;
        }
        Console.WriteLine(outcome.Cookie);
        return 0;
    }

    public static async Task<int> RunAsync(string mode, CancellationToken ct)
    {
        var settings = BenchSettings.For(mode);
        var connectionString = Environment.GetEnvironmentVariable("UNIONONE_DB")
            ?? throw new InvalidOperationException("UNIONONE_DB is not set: run the benchmarks with `make bench` or `make bench-quick`");
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using var db = BenchDatabase.Open(connectionString, maxPoolSize: Math.Max(settings.SearchClients, settings.CardClients) + 8);
        var members = await BenchDatabase.CountMembersAsync(db, ct);
        var machine = MachineInfo.Read(await BenchDatabase.ServerVersionAsync(db, ct));
        Log.Step($"UnionOne benchmarks ({mode}) on {machine}");
        Log.Step($"bench database: {members:#,0} members (wanted {settings.Members:#,0}); app at {settings.AppUrl}");

        var context = new BenchContext(settings, connectionString, db, members);
        foreach (var workload in Workloads().Where(w => settings.Runs(w.Name)))
        {
            try
            {
                await workload.RunAsync(context, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                context.Add(ResultRow.Broken(workload.Name, "-", "-", $"{e.GetType().Name}: {e.Message}"));
                Log.Warn(e.ToString());
            }
        }

        Console.WriteLine();
        Console.WriteLine($"UnionOne benchmarks, {mode} run, {startedAt:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalMinutes:0.0} min");
        Console.WriteLine($"Machine: {machine}");
        Console.WriteLine($"Data: {members:#,0} members in the bench database{(members < settings.Members ? $" (WANTED {settings.Members:#,0})" : "")}");
        Console.WriteLine();
        Console.Write(SummaryTable.Render(context.Rows));
        var path = JsonReport.Write(BenchPaths.Results,
            new JsonReport.Run(mode, startedAt, clock.Elapsed.TotalSeconds, machine, settings.Members, members, settings.Summary(), context.Rows));
        Console.WriteLine();
        Console.WriteLine($"Results: {path}");

        var broken = context.Rows.Any(r => r.Verdict == Verdicts.Error);
        var failed = context.Rows.Any(r => r.Verdict == Verdicts.Fail);
        var strict = Environment.GetEnvironmentVariable("BENCH_STRICT") == "1";
        return broken || (strict && failed) ? 1 : 0;
    }
}
