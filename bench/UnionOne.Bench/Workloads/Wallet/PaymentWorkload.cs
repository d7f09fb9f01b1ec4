using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;

namespace UnionOne.Bench.Workloads.Wallet;

/// <summary>
/// Issue 4's payment figures: POST /api/v1/wallet/till/payments at 64 connections, every request a fresh one-time payment
/// code of a random funded member, a fresh Idempotency-Key and a price of ¥10 at 9折 — first spread over one merchant per
/// connection, then all going to 10 merchants (their receivable rows are shared). Each is compared with pgbench TPC-B at
/// the same client count in the same run (targets 0.5x and 0.35x). Afterwards the books are checked: every ledger
/// invariant holds (wallet.check_invariants), and every acknowledged Idempotency-Key is present exactly once, with one
/// payment and one transfer.
/// </summary>
internal sealed class PaymentWorkload : IWorkload
{
    private static readonly Target SpreadTarget = Target.RatioAtLeast(0.5);
    private static readonly Target HotTarget = Target.RatioAtLeast(0.35);
    private static readonly Target BooksTarget = Target.AtMost(0, "violations");

    public string Name => "payments";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var clients = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PAY_CLIENTS"), CultureInfo.InvariantCulture, out var c) ? c : 64;
        var spreadRow = $"wallet: POST /api/v1/wallet/till/payments ({clients} connections, {clients} merchants)";
        var hotRow = $"wallet: POST /api/v1/wallet/till/payments ({clients} connections, 10 merchants)";
        const string BooksRow = "wallet: books after the payment runs (invariants, idempotency keys)";
        if (context.NoMembersReason is { } none)
        {
            context.Add(ResultRow.NotAvailable(spreadRow, "pgbench TPC-B", "-", SpreadTarget, none));
            return;
        }
        var (fixture, failure) = await TillFixture.CreateAsync(context, context.Settings.CityStaff, Math.Max(clients, 10), 5000, 1_000_000, ct);
        if (fixture is null)
        {
            context.Add(ResultRow.NotAvailable(spreadRow, "pgbench TPC-B", "-", SpreadTarget, failure!));
            context.Add(ResultRow.NotAvailable(hotRow, "pgbench TPC-B", "-", HotTarget, failure!));
            return;
        }
        try
        {
            var tpcb = await context.TpcbAsync(clients, ct);
            var acknowledged = new ConcurrentBag<(long TillId, string Key)>();
            // Every app connection compiles the wallet's PL/pgSQL functions on first use: warm all 64 before measuring either case.
            await MeasureAsync(context, fixture, clients, fixture.Tills, null, SpreadTarget, tpcb, acknowledged, "w", ct);
            await MeasureAsync(context, fixture, clients, fixture.Tills, spreadRow, SpreadTarget, tpcb, acknowledged, "s", ct);
            await MeasureAsync(context, fixture, clients, fixture.Tills.Take(10).ToList(), hotRow, HotTarget, tpcb, acknowledged, "h", ct);
            await CheckBooksAsync(context, acknowledged, BooksRow, ct);
        }
        finally
        {
            await fixture.RetireAsync(context, CancellationToken.None);
        }
    }

    private static async Task MeasureAsync(BenchContext context, TillFixture fixture, int clients, IReadOnlyList<TillFixture.Till> tills, string? row, Target target,
        Baselines.Pgbench.Outcome tpcb, ConcurrentBag<(long TillId, string Key)> acknowledged, string tag, CancellationToken ct)
    {
        using var http = new HttpLoad(context.Settings.AppUrl, clients);
        var credentials = tills.Select(t => new HttpLoad.Credentials(Authorization: "Till " + t.Credential)).ToArray();
        var tillIds = tills.Select(t => long.Parse(t.Credential[..t.Credential.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToArray();
        // Fresh seeds per run: a nonce (and so a payment code) must never repeat across the two runs or across bench runs.
        var randoms = Enumerable.Range(0, clients).Select(_ => new Random(System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue))).ToArray();
        var run = Guid.NewGuid().ToString("N")[..8];
        LoadOperation pay = async (worker, iteration, token) =>
        {
            var till = worker % tills.Count;
            var key = $"{run}-{tag}-{worker}-{iteration}";
            var body = Encoding.UTF8.GetBytes($"{{\"paymentCode\":\"{fixture.Mint(randoms[worker])}\",\"amountFen\":1000}}");
            var ok = await http.PostJsonAsync("/api/v1/wallet/till/payments", credentials[till], body, ("Idempotency-Key", key), HttpStatusCode.Created, token);
            if (ok) acknowledged.Add((tillIds[till], key));
            return ok;
        };
        if (row is null)
        {
            await LoadRunner.RunAsync(new LoadPlan(clients, TimeSpan.Zero, TimeSpan.FromSeconds(5)), pay, ct);
            return;
        }
        Log.Step($"{row}: {context.Plan(clients)}");
        var result = await LoadRunner.RunAsync(context.Plan(clients), pay, ct);
        var tpcbText = $"{tpcb.Tps:#,0} tps (-c {clients})";
        if (result.Failed)
        {
            context.Add(ResultRow.Broken(row, "pgbench TPC-B", target.Text, $"{result.Errors} of {result.Requests + result.Errors} payments failed: {result.FirstError}"));
            return;
        }
        var ratio = result.PerSecond / tpcb.Tps;
        context.Add(ResultRow.Measured(row, $"{result.Throughput} ({result.Latency})", "pgbench TPC-B", tpcbText, ratio, target, ratio, new { result, tpcb }));
    }

    private static async Task CheckBooksAsync(BenchContext context, ConcurrentBag<(long TillId, string Key)> acknowledged, string row, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        var broken = (await conn.QueryAsync<(string Rule, long Violations)>(new CommandDefinition(
            "select rule, violations from wallet.check_invariants() where violations <> 0", cancellationToken: ct))).ToList();
        var scopes = acknowledged.Select(a => $"till:{a.TillId}").ToArray();
        var keys = acknowledged.Select(a => a.Key).ToArray();
        var (requests, payments, transfers) = await conn.QuerySingleAsync<(long, long, long)>(new CommandDefinition("""
            with ack as (select * from unnest(@scopes, @keys) as a(scope, key))
            select (select count(*) from wallet.requests r join ack on r.scope = ack.scope and r.key = ack.key),
                   (select count(distinct r.outcome_id) from wallet.requests r join ack on r.scope = ack.scope and r.key = ack.key),
                   (select count(*) from wallet.transfers t join ack on t.idempotency_key = 'pay:' || ack.scope || ':' || ack.key)
            """, new { scopes, keys }, cancellationToken: ct, commandTimeout: 300));
        var missing = (keys.Length - requests) + (keys.Length - payments) + (keys.Length - transfers);
        var violations = broken.Sum(b => b.Violations) + Math.Abs(missing);
        var text = broken.Count == 0 && missing == 0
            ? $"0 violations; {keys.Length:#,0} acknowledged keys, each once with one payment and one transfer"
            : $"{string.Join("; ", broken.Select(b => $"{b.Rule}: {b.Violations}"))} keys {keys.Length}, requests {requests}, payments {payments}, transfers {transfers}";
        Log.Step($"books: {text}");
        context.Add(ResultRow.Measured(row, text, "-", "-", null, BooksTarget, violations));
    }
}
