using System.Net;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;

namespace UnionOne.Bench.Workloads.Card;

/// <summary>
/// The member card page GET /m/card as a signed-in member, in requests per second, against GET /ping (a constant
/// through the same pipeline: the HTTP ceiling) at the same number of connections. Target: at least 0.25x.
/// GET /ping is also printed on its own.
/// </summary>
internal sealed class CardWorkload : IWorkload
{
    private const string CardPath = "/m/card";
    private static readonly Target CardTarget = Target.RatioAtLeast(0.25);

    public string Name => "card";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var clients = context.Settings.CardClients;
        var plan = context.Plan(clients);
        using var http = new HttpLoad(context.Settings.AppUrl, clients);

        Log.Step($"GET /ping: {plan}");
        var ping = await MeasureAsync(http, "/ping", HttpLoad.Credentials.None, plan, ct);
        var pingFigure = ping.Failed ? "-" : ping.Throughput;
        context.Add(ping.Failed
            ? ResultRow.Broken($"GET /ping ({clients} connections)", "-", "-", $"{ping.Errors} errors: {ping.FirstError}")
            : ResultRow.BaselineOnly($"GET /ping ({clients} connections)", $"{ping.Throughput} ({ping.Latency})", ping));

        var workload = $"member card GET {CardPath} ({clients} connections)";
        var baselineName = "GET /ping";
        if (context.NoMembersReason is { } none)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, pingFigure, CardTarget, none));
            return;
        }
        var signIn = await new MemberSignIn(context).SignInAsync(ct);
        if (signIn.Failure is { } failure)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, pingFigure, CardTarget, failure));
            return;
        }
        var credentials = new HttpLoad.Credentials(Cookie: signIn.Cookie);
        var (status, body) = await http.GetAsync(CardPath, credentials, ct);
        if (status != HttpStatusCode.OK)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, pingFigure, CardTarget, $"GET {CardPath} answered {(int)status}"));
            return;
        }
        var note = body.Contains(signIn.Member!.MemberNo, StringComparison.Ordinal) ? null : $"the card page did not show member number {signIn.Member.MemberNo}";

        Log.Step($"GET {CardPath} as member {signIn.Member.MemberNo}: {plan}");
        var card = await MeasureAsync(http, CardPath, credentials, plan, ct);
        if (card.Failed || ping.Failed)
        {
            context.Add(ResultRow.Broken(workload, baselineName, CardTarget.Text,
                card.Failed ? $"{card.Errors} of {card.Requests + card.Errors} requests failed: {card.FirstError}" : "GET /ping failed"));
            return;
        }
        var ratio = card.PerSecond / ping.PerSecond;
        context.Add(ResultRow.Measured(workload, $"{card.Throughput} ({card.Latency})", baselineName, pingFigure, ratio, CardTarget, ratio,
            new { card, ping, memberNo = signIn.Member.MemberNo }) with { Note = note });
    }

    private static Task<LoadResult> MeasureAsync(HttpLoad http, string path, HttpLoad.Credentials credentials, LoadPlan plan, CancellationToken ct)
    {
        var buffers = Enumerable.Range(0, plan.Concurrency).Select(_ => new byte[16 * 1024]).ToArray();
        return LoadRunner.RunAsync(plan, (worker, _, token) => http.GetOkAsync(path, credentials, buffers[worker], token), ct);
    }
}
