using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Offline;
using UnionOne.Modules.MemberCode.Signing;

namespace UnionOne.Bench.Workloads.MemberCode;

/// <summary>
/// Issue 3's member-code figures. Offline: verifications per second by the gate's own verifier (OfflineGate, one thread,
/// so per core) against the bare ECDSA P-256 verification of the same codes (the cryptographic ceiling); target at least
/// 10,000/s. Online: POST /api/v1/member-codes/verify at 64 connections, every code fresh and used once (the single-use
/// record and the access event are written), against pgbench TPC-B at the same client count; targets 0.5x and p99 below 25 ms.
/// </summary>
internal sealed class MemberCodeWorkload : IWorkload
{
    private static readonly Target OfflineTarget = Target.AtLeast(10_000, "verifications/s per core");
    private static readonly Target OnlineTarget = Target.RatioAtLeast(0.5);
    private static readonly Target P99Target = Target.AtMost(25, "ms p99");
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public string Name => "membercode";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var clients = int.TryParse(Environment.GetEnvironmentVariable("BENCH_VERIFY_CLIENTS"), CultureInfo.InvariantCulture, out var c) ? c : 64;
        const string OfflineRow = "member code: offline verification (1 thread)";
        var onlineRow = $"member code: POST /api/v1/member-codes/verify ({clients} connections)";
        var fixture = context.NoMembersReason is null ? await GateFixture.CreateAsync(context, 5000, ct) : null;
        if (fixture is null)
        {
            var reason = context.NoMembersReason ?? "BENCH_DP_KEYS is not set or the bench database has no unions (run through scripts/bench.sh)";
            context.Add(ResultRow.NotAvailable(OfflineRow, "raw ECDSA verify", "-", OfflineTarget, reason));
            context.Add(ResultRow.NotAvailable(onlineRow, "pgbench TPC-B", "-", OnlineTarget, reason));
            return;
        }

        using var http = new HttpClient { BaseAddress = context.Settings.AppUrl };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Device " + fixture.Credential);
        await OfflineAsync(context, fixture, http, OfflineRow, ct);
        await OnlineAsync(context, fixture, clients, onlineRow, ct);
    }

    private static async Task OfflineAsync(BenchContext context, GateFixture fixture, HttpClient http, string row, CancellationToken ct)
    {
        var keys = (await http.GetFromJsonAsync<List<JsonElement>>("/api/v1/member-codes/keys", Web, ct))!
            .Select(k => new PublicKeyInfo((ushort)k.GetProperty("keyId").GetInt32(), k.GetProperty("scheme").GetString()!, Convert.FromBase64String(k.GetProperty("publicKey").GetString()!)))
            .ToList();
        var bundle = (await http.GetFromJsonAsync<SignedDeviceBundle>("/api/v1/member-codes/device-bundle", Web, ct))!;
        var scheme = new EcdsaP256Scheme();
        var count = context.Settings.Mode == "full" ? 60_000 : 15_000;
        var random = new Random(20261121);
        var mintedAt = DateTimeOffset.UtcNow;
        var codes = Enumerable.Range(0, count).Select(_ => fixture.Mint(random, mintedAt)).ToArray();
        var clock = new FixedClock(mintedAt.AddSeconds(1));
        var gate = OfflineGate.Load(bundle, keys, scheme, clock);

        // Baseline: only the signature check of the same codes with the same key (parsing excluded: the ceiling).
        var verifier = scheme.Verifier(keys.First(k => k.KeyId == fixture.KeyId).PublicKey);
        var parsed = codes.Select(code =>
        {
            CodePayload.TryParse(code, out _, out var signed, out var signature);
            return (signed, signature);
        }).ToArray();
        for (var i = 0; i < 2000; i++) verifier.Verify(parsed[i].signed.Span, parsed[i].signature.Span);
        var watch = Stopwatch.StartNew();
        var genuine = 0;
        foreach (var (signed, signature) in parsed) genuine += verifier.Verify(signed.Span, signature.Span) ? 1 : 0;
        var rawPerSecond = count / watch.Elapsed.TotalSeconds;

        watch.Restart();
        var admitted = 0;
        foreach (var code in codes) admitted += gate.Check(code).Admitted ? 1 : 0;
        var perSecond = count / watch.Elapsed.TotalSeconds;
        Log.Step($"offline: {count:#,0} codes, {admitted:#,0} admitted, {perSecond:#,0}/s; raw verify {rawPerSecond:#,0}/s");
        if (admitted != count || genuine != count)
        {
            context.Add(ResultRow.Broken(row, "raw ECDSA verify", OfflineTarget.Text, $"{count - admitted} of {count} fresh codes were not admitted offline"));
            return;
        }
        context.Add(ResultRow.Measured(row, $"{perSecond:#,0} verifications/s", "raw ECDSA P-256 verify (1 thread)", $"{rawPerSecond:#,0}/s",
            perSecond / rawPerSecond, OfflineTarget, perSecond, new { count, perSecond, rawPerSecond }));
    }

    private static async Task OnlineAsync(BenchContext context, GateFixture fixture, int clients, string row, CancellationToken ct)
    {
        var tpcb = await context.TpcbAsync(clients, ct);
        using var http = new HttpLoad(context.Settings.AppUrl, clients);
        var credentials = new HttpLoad.Credentials(Authorization: "Device " + fixture.Credential);
        var randoms = Enumerable.Range(0, clients).Select(i => new Random(i * 7919 + 1)).ToArray();
        LoadOperation verify = (worker, _, token) =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"code\":\"{fixture.Mint(randoms[worker])}\",\"deviceId\":{fixture.DeviceId}}}");
            return http.PostJsonAsync("/api/v1/member-codes/verify", credentials, body, "\"admitted\":true", token);
        };
        Log.Step($"online verify: {context.Plan(clients)}");
        var result = await LoadRunner.RunAsync(context.Plan(clients), verify, ct);
        var tpcbText = $"{tpcb.Tps:#,0} tps (-c {clients})";
        if (result.Failed)
        {
            context.Add(ResultRow.Broken(row, "pgbench TPC-B", OnlineTarget.Text, $"{result.Errors} of {result.Requests + result.Errors} verifications failed or refused: {result.FirstError}"));
            return;
        }
        var ratio = result.PerSecond / tpcb.Tps;
        context.Add(ResultRow.Measured(row, $"{result.Throughput} ({result.Latency})", "pgbench TPC-B", tpcbText, ratio, OnlineTarget, ratio,
            new { result, tpcb }));
        context.Add(ResultRow.Measured(row.Replace("POST", "p99 of POST", StringComparison.Ordinal), $"p99 {result.P99Ms:0.00} ms", "-", "-", null, P99Target, result.P99Ms));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
