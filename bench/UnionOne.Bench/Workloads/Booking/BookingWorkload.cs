using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;
using UnionOne.Bench.Workloads.Baselines;
using UnionOne.Bench.Workloads.Search;

namespace UnionOne.Bench.Workloads.Booking;

/// <summary>
/// A booking rush (issue 3): one popular event with timed-entry slots (4 by default) whose seats add up to a quarter
/// of the requests, and 64-200 clients each posting POST /api/v1/bookings as a different signed-in member until every
/// member has asked once (4x oversubscription). The figure is booking requests answered per second (201 booked or
/// 409 refused, each a full booking transaction), against pgbench TPC-B tps measured in the same run; target at least
/// 0.5x. Afterwards the database is checked: no slot holds more bookings than seats, no member holds two, and the
/// bookings equal the 201 answers. The event, its place and bookings are removed at the end.
/// </summary>
internal sealed class BookingWorkload : IWorkload
{
    private static readonly Target RushTarget = Target.RatioAtLeast(0.5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "booking";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var full = s.Mode == "full";
        var clients = Env("BENCH_BOOKING_CLIENTS", full ? 200 : 64);
        var requests = Env("BENCH_BOOKING_REQUESTS", full ? 4000 : 1600);
        var slotCount = Math.Clamp(Env("BENCH_BOOKING_SLOTS", 4), 1, 6);
        var seatsPerSlot = Math.Max(1, requests / 4 / slotCount);
        var seats = seatsPerSlot * slotCount;
        // The baseline runs at the rush's own client count (shared with the member-code row when both use 64).
        var pgShape = $"-c {clients} -j {s.PgbenchThreads} -T {s.PgbenchSeconds}";
        var workload = $"booking rush: {clients} clients, {requests:#,0} members for {seats:#,0} seats in {slotCount} slots";
        var baselineName = $"pgbench TPC-B ({pgShape})";

        if (context.NoMembersReason is { } none)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, "-", RushTarget, none));
            return;
        }
        var staff = await StaffSession.OpenAsync(context, s.CityStaff, ct);
        if (staff.Failure is not null || staff.Scope is null)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, "-", RushTarget, staff.Failure ?? "no staff scope"));
            return;
        }

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { BaseAddress = s.AppUrl, Timeout = TimeSpan.FromSeconds(60), DefaultRequestVersion = HttpVersion.Version11 };

        var setup = await BookingEvent.CreateAsync(context, http, staff, s.CityStaff, slotCount, seatsPerSlot, Math.Max(1, clients / 4), ct);
        if (setup.Failure is not null)
        {
            context.Add(ResultRow.NotAvailable(workload, baselineName, "-", RushTarget, setup.Failure));
            return;
        }
        try
        {
            Log.Step($"booking: signing in {requests + clients:#,0} members through /api/v1/auth/member/code and /token");
            var signIn = Stopwatch.StartNew();
            var (members, failed, firstFailure) = await new MemberTokens(context).SignInAsync(requests + clients, ct);
            Log.Step($"booking: {members.Count:#,0} members signed in in {signIn.Elapsed.TotalSeconds:0.0} s ({failed} failed{(firstFailure is null ? "" : ": " + firstFailure)})");
            if (members.Count < clients * 2)
            {
                context.Add(ResultRow.Broken(workload, baselineName, RushTarget.Text, $"only {members.Count} members could sign in: {firstFailure}"));
                return;
            }
            var warmMembers = members.Take(clients).ToList();
            var rushMembers = members.Skip(clients).ToList();

            Log.Step($"booking: warm-up rush of {warmMembers.Count} members for {setup.WarmupSeats} seats");
            await RushAsync(http, clients, warmMembers, _ => setup.WarmupSlot, ct);

            var tpcb = await context.TpcbAsync(clients, ct);

            Log.Step($"booking: rush of {rushMembers.Count:#,0} members, {clients} clients, {seats:#,0} seats in {slotCount} slots");
            var rush = await RushAsync(http, clients, rushMembers, i => setup.Slots[i % setup.Slots.Count], ct);
            var check = await setup.VerifyAsync(context, ct);

            var answered = rush.Booked + rush.Refused;
            var perSecond = answered / rush.Seconds;
            var figure = string.Create(CultureInfo.InvariantCulture,
                $"{perSecond:#,0} bookings/s answered ({rush.Booked:#,0} booked, {rush.Refused:#,0} refused; p50 {rush.P50Ms:0.0} ms, p99 {rush.P99Ms:0.0} ms)");
            var baselineFigure = string.Create(CultureInfo.InvariantCulture, $"{tpcb.Tps:#,0} tps");
            var details = new { clients, requests = rushMembers.Count, seats, slotCount, rush, tpcb, check, signInFailures = failed };
            if (rush.Errors > answered / 100 || answered == 0)
            {
                context.Add(ResultRow.Broken(workload, baselineName, RushTarget.Text, $"{rush.Errors} requests failed: {rush.FirstError}") with { Details = details });
            }
            else
            {
                var ratio = perSecond / tpcb.Tps;
                context.Add(ResultRow.Measured(workload, figure, baselineName, baselineFigure, ratio, RushTarget, ratio, details));
            }

            var sound = check.OversoldSlots == 0 && check.MaxPerMember <= 1 && check.Booked == rush.Booked && check.Booked <= seats;
            context.Add(new ResultRow($"booking rush: integrity after {rushMembers.Count:#,0} requests",
                string.Create(CultureInfo.InvariantCulture,
                    $"{check.OversoldSlots} oversold slots, max {check.MaxPerMember} booking(s) per member, {check.Booked:#,0} booked of {seats:#,0} seats ({rush.Booked:#,0} answered 201)"),
                "-", "-", null, "0 oversold, <= 1 per member", sound ? Verdicts.Pass : Verdicts.Fail) { Details = check });
        }
        finally
        {
            await setup.RemoveAsync(context, CancellationToken.None);
        }
    }

    /// <summary>Outcome of one rush: answers by kind and latencies of the answered requests.</summary>
    internal sealed record RushResult(long Booked, long Refused, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, string? FirstError);

    private static async Task<RushResult> RushAsync(HttpClient http, int clients, IReadOnlyList<MemberTokens.Member> members, Func<int, long> slotFor, CancellationToken ct)
    {
        var next = -1;
        long booked = 0, refused = 0, errors = 0;
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
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = JsonContent.Create(new { slotId = slotFor(i) }, options: Json) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", members[i].Token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref booked);
                    else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref refused);
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
        return new RushResult(booked, refused, errors, seconds, Load.Latencies.PercentileMs(all, 50), Load.Latencies.PercentileMs(all, 99),
            all.Length > 0 ? all[^1] / 1000.0 : 0, firstError);
    }

    private static int Env(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
