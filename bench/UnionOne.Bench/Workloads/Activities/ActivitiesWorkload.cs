using System.Net;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;
using UnionOne.Bench.Workloads.Card;

namespace UnionOne.Bench.Workloads.Activities;

/// <summary>
/// The member's "events for me" page GET /m/activities with 1,000 open activities published to the whole city (so every
/// member is eligible and the page must pick the soonest 20 by eligibility), as a signed-in member: p95 latency, against
/// GET /ping (a constant through the same pipeline) at the same connections, in alternating slices. Target: p95 at most 50 ms.
/// </summary>
internal sealed class ActivitiesWorkload : IWorkload
{
    private const string PagePath = "/m/activities";
    private const string PingPath = "/ping";
    private const int OpenActivities = 1_000;
    private const string TitlePrefix = "基准测试活动";
    private static readonly Target P95Target = Target.AtMost(50, "ms p95");

    public string Name => "activities";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var clients = context.Settings.SearchClients;
        using var http = new HttpLoad(context.Settings.AppUrl, clients);
        var buffers = Enumerable.Range(0, clients).Select(_ => new byte[64 * 1024]).ToArray();
        LoadOperation Get(string path, HttpLoad.Credentials credentials) => (worker, _, token) => http.GetOkAsync(path, credentials, buffers[worker], token);
        var workload = $"events for me GET {PagePath}, {OpenActivities:#,0} open activities ({clients} connections)";

        var unavailable = context.NoMembersReason ?? await SeedAsync(context.Db, ct);
        MemberSignIn.Outcome? signIn = null;
        if (unavailable is null)
        {
            signIn = await new MemberSignIn(context).SignInAsync(ct);
            unavailable = signIn.Failure;
        }
        if (unavailable is null)
        {
            var (status, body) = await http.GetAsync(PagePath, new HttpLoad.Credentials(Cookie: signIn!.Cookie), ct);
            if (status != HttpStatusCode.OK) unavailable = $"GET {PagePath} answered {(int)status}";
            else if (!body.Contains(TitlePrefix, StringComparison.Ordinal)) unavailable = $"GET {PagePath} did not list the open activities";
        }
        if (unavailable is not null)
        {
            context.Add(ResultRow.NotAvailable(workload, $"GET {PingPath}", "-", P95Target, unavailable));
            return;
        }

        Log.Step($"GET {PagePath} as member {signIn!.Member!.MemberNo} against GET {PingPath}: {context.Shape(clients)}");
        var (ping, page) = await context.PairedAsync(clients, Get(PingPath, HttpLoad.Credentials.None), Get(PagePath, new HttpLoad.Credentials(Cookie: signIn.Cookie)), ct);
        if (page.Failed || ping.Failed)
        {
            context.Add(ResultRow.Broken(workload, $"GET {PingPath}", P95Target.Text,
                page.Failed ? $"{page.Errors} of {page.Requests + page.Errors} requests failed: {page.FirstError}" : $"GET {PingPath} failed"));
            return;
        }
        var ratio = ping.P95Ms / page.P95Ms;
        context.Add(ResultRow.Measured(workload, $"p95 {page.P95Ms:0.00} ms ({page.Throughput})", $"GET {PingPath}", $"p95 {ping.P95Ms:0.00} ms ({ping.Throughput})",
            ratio, P95Target, page.P95Ms, new { page, ping, memberNo = signIn.Member.MemberNo }));
    }

    /// <summary>1,000 published activities of the root union, open for sign-up, starting over the next 60 days (once per database).</summary>
    private static async Task<string?> SeedAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var exists = new NpgsqlCommand("select to_regclass('activities.activities') is not null", conn))
            if (await exists.ExecuteScalarAsync(ct) is not true) return "the activities module is not there";
        await using var cmd = new NpgsqlCommand("""
            insert into activities.activities (union_id, kind, title, starts_at, ends_at, place_text, capacity, signup_opens_at, signup_closes_at,
                                               audience, status, created_by, created_at, published_at)
            select r.id, 1 + g % 8, $1 || g, now() + interval '2 days' + g * interval '1 hour', now() + interval '2 days' + g * interval '1 hour' + interval '2 hours',
                   '工人文化宫', 100, now() - interval '1 day', now() + interval '1 day' + g * interval '1 hour', array[r.id], 2, 0, now(), now()
            from (select id from org.unions where parent_id is null order by id limit 1) r, generate_series(1, $2 - (
                select count(*)::int from activities.activities where title like $1 || '%' and status = 2 and signup_closes_at > now() + interval '1 hour')) g
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TitlePrefix });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = OpenActivities });
        await cmd.ExecuteNonQueryAsync(ct);
        await using (var analyze = new NpgsqlCommand("analyze activities.activities", conn)) await analyze.ExecuteNonQueryAsync(ct);
        return null;
    }
}
