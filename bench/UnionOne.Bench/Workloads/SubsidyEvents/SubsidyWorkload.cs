using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;
using UnionOne.Bench.Workloads.Booking;
using UnionOne.Bench.Workloads.Search;

namespace UnionOne.Bench.Workloads.SubsidyEvents;

/// <summary>
/// Issue 5's subsidy event rows. (a) An application rush: a first-come event with 20 half-hour slots whose places add up to a
/// quarter of the requests, 64 clients each posting POST /api/v1/subsidy-events/{id}/applications as a different signed-in member
/// (slots spread round-robin) until every member has asked once; figure: applications answered per second (201 or 409 "已约满"),
/// against pgbench TPC-B at the same client count in the same run (target ≥ 0.5×); then the database is checked: no slot over
/// capacity, counters equal the places held, no member twice, applications equal the 201 answers. (b) A lottery draw of 50,000
/// applicants for 15,000 places (3 days × 10 slots × 500): the applications are written with one INSERT … SELECT (the baseline:
/// the database's cost of the same 50,000 rows), the window is closed, and POST …/draw is timed; the result is checked (no slot over
/// capacity, winners = places) and re-run through POST …/verify. Scratch events are removed at the end.
/// </summary>
internal sealed class SubsidyWorkload : IWorkload
{
    private static readonly Target RushTarget = Target.RatioAtLeast(0.5);
    private static readonly Target DrawTarget = Target.AtMost(5, "s");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "subsidy";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var full = s.Mode == "full";
        var clients = Env("BENCH_SUBSIDY_CLIENTS", 64);
        var requests = Env("BENCH_SUBSIDY_REQUESTS", full ? 4000 : 1600);
        var applicants = Env("BENCH_SUBSIDY_APPLICANTS", 50_000);
        const int slotCount = 20;
        var capacity = Math.Max(1, requests / 4 / slotCount);
        var rushName = $"subsidy applications: {clients} clients, {requests:#,0} members for {capacity * slotCount:#,0} places in {slotCount} slots";
        var baselineName = $"pgbench TPC-B (-c {clients} -j {s.PgbenchThreads} -T {s.PgbenchSeconds})";
        var drawName = $"lottery draw: {applicants:#,0} applicants for 15,000 places (POST .../draw)";
        var insertName = $"raw INSERT ... SELECT of the {applicants:#,0} application rows";

        if (context.NoMembersReason is { } none)
        {
            context.Add(ResultRow.NotAvailable(rushName, baselineName, "-", RushTarget, none));
            context.Add(ResultRow.NotAvailable(drawName, insertName, "-", DrawTarget, none));
            return;
        }
        var staff = await StaffSession.OpenAsync(context, s.CityStaff, ct);
        if (staff.Failure is not null || staff.Token is null)
        {
            context.Add(ResultRow.NotAvailable(rushName, baselineName, "-", RushTarget, staff.Failure ?? "no staff token"));
            context.Add(ResultRow.NotAvailable(drawName, insertName, "-", DrawTarget, staff.Failure ?? "no staff token"));
            return;
        }
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = s.AppUrl, Timeout = TimeSpan.FromSeconds(120), DefaultRequestVersion = HttpVersion.Version11 };

        await RushAsync(context, http, staff.Token, clients, requests, slotCount, capacity, rushName, baselineName, ct);
        await DrawAsync(context, http, staff.Token, applicants, drawName, insertName, ct);
    }

    private static async Task RushAsync(BenchContext context, HttpClient http, string token, int clients, int requests, int slotCount, int capacity,
        string workload, string baselineName, CancellationToken ct)
    {
        var s = context.Settings;
        var warm = await SubsidyEvent.CreateAsync(context, http, token, s.CityStaff, "first-come", 1, 1, Math.Max(1, clients / 4), ct);
        var ev = warm.Failure is null ? await SubsidyEvent.CreateAsync(context, http, token, s.CityStaff, "first-come", 1, slotCount, capacity, ct) : warm;
        try
        {
            if (ev.Failure is not null)
            {
                context.Add(ResultRow.NotAvailable(workload, baselineName, "-", RushTarget, ev.Failure));
                return;
            }
            Log.Step($"subsidy: signing in {requests + clients:#,0} members through /api/v1/auth/member/code and /token");
            var (members, failed, firstFailure) = await new MemberTokens(context).SignInAsync(requests + clients, ct);
            if (members.Count < clients * 2)
            {
                context.Add(ResultRow.Broken(workload, baselineName, RushTarget.Text, $"only {members.Count} members could sign in: {firstFailure}"));
                return;
            }
            await FireAsync(http, clients, members.Take(clients).ToList(), warm.Id, _ => warm.Slots[0], ct);
            var tpcb = await context.TpcbAsync(clients, ct);
            var rushMembers = members.Skip(clients).ToList();
            Log.Step($"subsidy: rush of {rushMembers.Count:#,0} members, {clients} clients, {ev.Places:#,0} places in {slotCount} slots");
            var rush = await FireAsync(http, clients, rushMembers, ev.Id, i => ev.Slots[i % ev.Slots.Count], ct);
            var check = await ev.VerifyAsync(context, ct);
            var answered = rush.Accepted + rush.Full;
            var perSecond = answered / rush.Seconds;
            var details = new { clients, requests = rushMembers.Count, places = ev.Places, rush, tpcb, check, signInFailures = failed };
            if (rush.Errors > answered / 100 || answered == 0)
            {
                context.Add(ResultRow.Broken(workload, baselineName, RushTarget.Text, $"{rush.Errors} requests failed: {rush.FirstError}") with { Details = details });
            }
            else
            {
                var ratio = perSecond / tpcb.Tps;
                context.Add(ResultRow.Measured(workload, string.Create(CultureInfo.InvariantCulture,
                        $"{perSecond:#,0} applications/s answered ({rush.Accepted:#,0} accepted, {rush.Full:#,0} full; p50 {rush.P50Ms:0.0} ms, p99 {rush.P99Ms:0.0} ms)"),
                    baselineName, string.Create(CultureInfo.InvariantCulture, $"{tpcb.Tps:#,0} tps"), ratio, RushTarget, ratio, details));
            }
            var sound = check.OverbookedSlots == 0 && check.CounterMismatches == 0 && check.MaxPerMember <= 1 && check.Applications == rush.Accepted
                        && check.Held <= ev.Places;
            context.Add(new ResultRow($"subsidy applications: integrity after {rushMembers.Count:#,0} requests",
                string.Create(CultureInfo.InvariantCulture,
                    $"{check.OverbookedSlots} overbooked slots, {check.CounterMismatches} counter mismatches, max {check.MaxPerMember} per member, {check.Held:#,0} of {ev.Places:#,0} places held ({rush.Accepted:#,0} answered 201)"),
                "-", "-", null, "0 overbooked, <= 1 per member", sound ? Verdicts.Pass : Verdicts.Fail) { Details = check });
        }
        finally
        {
            await ev.RemoveAsync(context, CancellationToken.None);
            if (!ReferenceEquals(ev, warm)) await warm.RemoveAsync(context, CancellationToken.None);
        }
    }

    private static async Task DrawAsync(BenchContext context, HttpClient http, string token, int applicants, string workload, string baselineName, CancellationToken ct)
    {
        var ev = await SubsidyEvent.CreateAsync(context, http, token, context.Settings.CityStaff, "lottery", 3, 10, 500, ct);
        try
        {
            if (ev.Failure is not null)
            {
                context.Add(ResultRow.NotAvailable(workload, baselineName, "-", DrawTarget, ev.Failure));
                return;
            }
            double insertSeconds;
            await using (var conn = await context.Db.OpenConnectionAsync(ct))
            {
                // Preferences: a tenth ask for any slot, the others for one of the 30 (a third of them only that one).
                await using var insert = new NpgsqlCommand("""
                    insert into subsidy.applications (event_id, member_id, member_no, union_id, preferred_slot_id, accept_other, status, created_at)
                    select @id, m.id, m.member_no, m.union_id, case when m.id % 10 = 0 then null else (@slots)[1 + (m.id * 7) % array_length(@slots, 1)] end,
                           m.id % 10 = 0 or m.id % 3 <> 0, 1, now()
                    from (select id, member_no, union_id from members.members where status = 1 order by id limit @n) m
                    """, conn) { CommandTimeout = 300 };
                insert.Parameters.AddWithValue("id", ev.Id);
                insert.Parameters.AddWithValue("slots", ev.Slots.ToArray());
                insert.Parameters.AddWithValue("n", applicants);
                var clock = Stopwatch.StartNew();
                var written = await insert.ExecuteNonQueryAsync(ct);
                insertSeconds = clock.Elapsed.TotalSeconds;
                Log.Step($"subsidy: {written:#,0} lottery applications written in {insertSeconds:0.00} s");
                await using var close = new NpgsqlCommand(
                    "update subsidy.events set apply_opens_at = now() - interval '1 hour', apply_closes_at = now() - interval '1 second' where id = @id; analyze subsidy.applications", conn);
                close.Parameters.AddWithValue("id", ev.Id);
                await close.ExecuteNonQueryAsync(ct);
            }

            var started = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subsidy-events/{ev.Id}/draw");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var drawSeconds = started.Elapsed.TotalSeconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                context.Add(ResultRow.Broken(workload, baselineName, DrawTarget.Text, $"POST draw answered {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}"));
                return;
            }
            using var outcome = JsonDocument.Parse(body);
            var winners = outcome.RootElement.GetProperty("winners").GetInt32();
            var serverSeconds = outcome.RootElement.GetProperty("seconds").GetDouble();
            var seed = outcome.RootElement.GetProperty("seed").GetString();

            var verifyClock = Stopwatch.StartNew();
            using var verify = await http.PostAsJsonAsync($"/api/v1/subsidy-events/{ev.Id}/verify", new { seed }, Json, ct);
            var verifyText = await verify.Content.ReadAsStringAsync(ct);
            var verifySeconds = verifyClock.Elapsed.TotalSeconds;
            var matches = verify.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(verifyText).RootElement.GetProperty("matches").GetBoolean();
            var check = await ev.VerifyAsync(context, ct);

            var details = new { applicants, places = ev.Places, winners, drawSeconds, serverSeconds, insertSeconds, verifySeconds, matches, check };
            var note = check.OverbookedSlots == 0 && check.CounterMismatches == 0 && winners == Math.Min(applicants, ev.Places) && matches
                ? null
                : $"check failed: {check.OverbookedSlots} overbooked, {check.CounterMismatches} counter mismatches, {winners} winners, verify matches {matches}";
            var row = ResultRow.Measured(workload,
                string.Create(CultureInfo.InvariantCulture, $"{drawSeconds:0.00} s ({winners:#,0} winners; server {serverSeconds:0.00} s; re-run by /verify {verifySeconds:0.00} s, matches: {matches})"),
                baselineName, string.Create(CultureInfo.InvariantCulture, $"{insertSeconds:0.00} s"), drawSeconds / insertSeconds, DrawTarget, drawSeconds, details);
            context.Add(note is null ? row : row with { Verdict = Verdicts.Fail, Note = note });
        }
        finally
        {
            await ev.RemoveAsync(context, CancellationToken.None);
        }
    }

    internal sealed record RushResult(long Accepted, long Full, long Errors, double Seconds, double P50Ms, double P99Ms, string? FirstError);

    private static async Task<RushResult> FireAsync(HttpClient http, int clients, IReadOnlyList<MemberTokens.Member> members, long eventId, Func<int, long> slotFor,
        CancellationToken ct)
    {
        var next = -1;
        long accepted = 0, full = 0, errors = 0;
        string? firstError = null;
        var latencies = new Load.Latencies[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            var mine = latencies[worker] = new Load.Latencies();
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < members.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subsidy-events/{eventId}/applications")
                {
                    Content = JsonContent.Create(new { slotId = slotFor(i) }, options: Json),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", members[i].Token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref accepted);
                    else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref full);
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}", null);
                        continue;
                    }
                    mine.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = Load.Latencies.Merge(latencies);
        Array.Sort(all);
        return new RushResult(accepted, full, errors, seconds, Load.Latencies.PercentileMs(all, 50), Load.Latencies.PercentileMs(all, 99), firstError);
    }

    private static int Env(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
