using System.Net;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;

namespace UnionOne.Bench.Workloads.Card;

/// <summary>
/// The member card page GET /m/card as a signed-in member, in requests per second, against GET /ping (a constant
/// through the same pipeline: the HTTP ceiling) at the same number of connections, measured in alternating slices.
/// Target: at least 0.25x. GET /ping is also printed on its own (measured alone when the card is not available).
/// </summary>
internal sealed class CardWorkload : IWorkload
{
    private const string CardPath = "/m/card";
    private const string PingPath = "/ping";
    private static readonly Target CardTarget = Target.RatioAtLeast(0.25);

    public string Name => "card";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var clients = context.Settings.CardClients;
        using var http = new HttpLoad(context.Settings.AppUrl, clients);
        var buffers = Enumerable.Range(0, clients).Select(_ => new byte[16 * 1024]).ToArray();
        LoadOperation Get(string path, HttpLoad.Credentials credentials) => (worker, _, token) => http.GetOkAsync(path, credentials, buffers[worker], token);
        var ping = Get(PingPath, HttpLoad.Credentials.None);
        var workload = $"member card GET {CardPath} ({clients} connections)";
        var pingRow = $"GET {PingPath} ({clients} connections)";

        var unavailable = context.NoMembersReason;
        MemberSignIn.Outcome? signIn = null;
        string? note = null;
        if (unavailable is null)
        {
            signIn = await new MemberSignIn(context).SignInAsync(ct);
            unavailable = signIn.Failure;
        }
        if (unavailable is null)
        {
            var (status, body) = await http.GetAsync(CardPath, new HttpLoad.Credentials(Cookie: signIn!.Cookie), ct);
            if (status != HttpStatusCode.OK) unavailable = $"GET {CardPath} answered {(int)status}";
            else if (!body.Contains(signIn.Member!.MemberNo, StringComparison.Ordinal)) note = $"the card page did not show member number {signIn.Member.MemberNo}";
        }

        if (unavailable is not null)
        {
            Log.Step($"GET {PingPath} alone: {context.Plan(clients)}");
            var alone = await LoadRunner.RunAsync(context.Plan(clients), ping, ct);
            context.Add(PingRow(pingRow, alone));
            context.Add(ResultRow.NotAvailable(workload, $"GET {PingPath}", alone.Failed ? "-" : alone.Throughput, CardTarget, unavailable));
            return;
        }

        Log.Step($"GET {CardPath} as member {signIn!.Member!.MemberNo} against GET {PingPath}: {context.Shape(clients)}");
        var (pingResult, card) = await context.PairedAsync(clients, ping, Get(CardPath, new HttpLoad.Credentials(Cookie: signIn.Cookie)), ct);
        context.Add(PingRow(pingRow, pingResult));
        if (card.Failed || pingResult.Failed)
        {
            context.Add(ResultRow.Broken(workload, $"GET {PingPath}", CardTarget.Text,
                card.Failed ? $"{card.Errors} of {card.Requests + card.Errors} requests failed: {card.FirstError}" : $"GET {PingPath} failed"));
            return;
        }
        var ratio = card.PerSecond / pingResult.PerSecond;
        context.Add(ResultRow.Measured(workload, $"{card.Throughput} ({card.Latency})", $"GET {PingPath}", pingResult.Throughput, ratio, CardTarget, ratio,
            new { card, ping = pingResult, memberNo = signIn.Member.MemberNo }) with { Note = note });
    }

    private static ResultRow PingRow(string workload, LoadResult ping) => ping.Failed
        ? ResultRow.Broken(workload, "-", "-", $"{ping.Errors} errors: {ping.FirstError}")
        : ResultRow.BaselineOnly(workload, $"{ping.Throughput} ({ping.Latency})", ping);
}
