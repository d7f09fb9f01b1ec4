using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Xunit.Abstractions;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Wallet;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Faults;

/// <summary>
/// Fault suite: PostgreSQL is SIGKILLed (postmaster and every backend) or restarted while members fetch payment codes and read
/// their wallets and tills take payments. During the outage the app answers 503 with Retry-After; afterwards it serves again
/// without being restarted; every payment acknowledged with 201 is in the books exactly once, and the books balance.
/// </summary>
[Trait("Suite", "Faults")]
public sealed class DatabaseFaultTests(OwnClusterApp app, ITestOutputHelper output) : IClassFixture<OwnClusterApp>
{
    private const long PriceFen = 100;
    private const long StartBalance = 1_000_000;

    [Fact]
    public async Task Killing_or_restarting_PostgreSQL_under_load_loses_no_acknowledged_payment_and_the_app_recovers_by_itself()
    {
        var world = await WalletWorld.CreateAsync(app, fundFen: 100_000_000);
        var members = new List<TestMember>();
        for (var i = 0; i < 12; i++) members.Add(await app.FundedMemberAsync(world.Factory, world.City, StartBalance));
        var outcomes = new ConcurrentQueue<Outcome>();
        var clock = Stopwatch.StartNew();
        var outages = new List<(TimeSpan From, TimeSpan To)>();

        for (var round = 0; round < FaultRounds.Count + 1; round++)
        {
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 6).Select(w => RunMemberAsync(members[w * 2 + (round % 2)], world.Till, outcomes, clock, stop.Token)).ToArray();
            await Task.Delay(1_500);
            var from = clock.Elapsed;
            // The last round is a clean restart with requests in flight; the others are power cuts.
            if (round < FaultRounds.Count)
            {
                await app.Cluster.KillAsync();
                await Task.Delay(1_500);
                await app.Cluster.StartAsync();
            }
            else
            {
                await app.Cluster.RestartAsync();
            }
            outages.Add((from, clock.Elapsed));
            await Task.Delay(2_500);
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        var all = outcomes.ToList();
        foreach (var g in all.GroupBy(o => $"{o.What} {(int)o.Status}").OrderBy(g => g.Key)) output.WriteLine($"{g.Key}: {g.Count()}");
        var unexpected = all.Where(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable)).ToList();
        unexpected.Take(10).Select(o => $"{o.What} -> {(int)o.Status}").ShouldBeEmpty(app.Errors);
        var unavailable = all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        unavailable.ShouldNotBeEmpty("no request met the outage");
        unavailable.ShouldAllBe(o => o.RetryAfter, "every 503 says when to retry");
        // Served again after every outage, by the same app process.
        foreach (var (_, to) in outages) all.ShouldContain(o => o.What == "pay" && o.Status == HttpStatusCode.Created && o.At > to);

        var acknowledged = all.Where(o => o.What == "pay" && o.Status == HttpStatusCode.Created).ToList();
        await using var conn = await app.OpenAsync();
        var inBooks = (await conn.QueryAsync<(string Key, long Count)>("""
            select substring(idempotency_key from '[^:]+$'), count(*) from wallet.transfers where kind = 3 group by 1
            """)).ToDictionary(r => r.Key, r => r.Count);
        inBooks.Values.ShouldAllBe(c => c == 1);
        acknowledged.Where(o => !inBooks.ContainsKey(o.Key!)).Select(o => o.Key).ShouldBeEmpty("acknowledged payments missing after the crash");
        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, members.Select(m => m.Id).ToArray());
        // Payments that committed but whose answer was lost are in the books too: the balances match the books, not the answers.
        balances.Values.Sum(b => StartBalance - b).ShouldBe(inBooks.Count * PriceFen * 85 / 100);
        await app.InvariantsHoldAsync();
    }

    private static async Task RunMemberAsync(TestMember member, HttpClient till, ConcurrentQueue<Outcome> outcomes, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var code = await member.Api.GetAsync("/api/v1/wallet/me/payment-code", CancellationToken.None);
            outcomes.Enqueue(new Outcome("code", null, code.StatusCode, code.Headers.RetryAfter is not null, clock.Elapsed));
            if (code.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            var issued = JsonDocument.Parse(await code.Content.ReadAsStringAsync(CancellationToken.None)).RootElement;
            if (!issued.TryGetProperty("code", out var textProperty))
            {
                outcomes.Enqueue(new Outcome("code refused: " + issued.GetProperty("reason"), null, HttpStatusCode.Conflict, false, clock.Elapsed));
                continue;
            }
            var text = textProperty.GetString()!;
            var key = Guid.NewGuid().ToString("N");
            var paid = await till.PayAsync(text, PriceFen, key);
            outcomes.Enqueue(new Outcome("pay", key, paid.StatusCode, paid.Headers.RetryAfter is not null, clock.Elapsed));
            var wallet = await member.Api.GetAsync("/api/v1/wallet/me", CancellationToken.None);
            outcomes.Enqueue(new Outcome("wallet", null, wallet.StatusCode, wallet.Headers.RetryAfter is not null, clock.Elapsed));
        }
    }

    private sealed record Outcome(string What, string? Key, HttpStatusCode Status, bool RetryAfter, TimeSpan At);
}
