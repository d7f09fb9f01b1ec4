using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.SubsidyEvents;
using UnionOne.Tests.Wallet.Disbursements;
using Xunit.Abstractions;

namespace UnionOne.Tests.Cluster;

/// <summary>
/// The scale-out of `make cluster`, run for real: nginx, two app instances, a primary and a streaming replica. Sessions and
/// forms move between instances; lag-tolerant reads go to the replica while a client's own writes are read from the
/// primary; and killing an instance under load loses no acknowledged request and repeats no background work.
/// </summary>
[Trait("Suite", "Cluster")]
public sealed class ClusterTests(ClusterApp app, ITestOutputHelper output) : IClassFixture<ClusterApp>
{
    private const string Password = "Gonghui2026pw";
    private const string NewPassword = "Xinmima2027ab";

    [Fact]
    public async Task A_staff_session_and_a_form_started_on_one_instance_are_accepted_by_the_other()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("集群市总工会"), UnionLevel.City);
        var name = TestActors.Unique("cluster");
        var staffId = await app.CreateStaffAsync(name, Password, (city, StaffRole.Officer));

        // One browser (one cookie jar) whose requests land on instance 1, then on instance 2.
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var one = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.Instance(1) };
        using var two = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.Instance(2) };

        var signIn = await one.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", Password));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.InstanceLog(1));
        var console = await two.GetAsync("/console");
        console.StatusCode.ShouldBe(HttpStatusCode.OK, "instance 2 did not accept the session signed in on instance 1: " + console.Headers.Location);

        // The form comes from instance 1, the post goes to instance 2: its antiforgery token must be valid there.
        var page = await (await one.GetAsync("/console/account")).Content.ReadAsStringAsync();
        var changed = await two.PostFormWithTokenAsync("/console/account", "change-password", PageForms.AntiforgeryToken(page),
            ("Form.CurrentPassword", Password), ("Form.NewPassword", NewPassword), ("Form.ConfirmPassword", NewPassword));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await changed.Content.ReadAsStringAsync() + app.InstanceLog(2));
        changed.Headers.Location!.OriginalString.ShouldContain("changed=1");

        // Signing in through nginx with the new password works, whichever instance answers.
        using var browser = app.Client(app.Nginx, cookies: true);
        (await browser.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", NewPassword)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/console")).StatusCode.ShouldBe(HttpStatusCode.OK);
        staffId.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Member_lists_are_read_from_the_replica_but_a_staff_member_sees_what_they_just_approved()
    {
        var world = await MemberWorld.CreateAsync(app);
        var token = TestActors.BearerToken(app, await app.StaffPrincipalAsync(world.OfficerA, UnionSchemes.Bearer));
        await AfterTreeRefreshAsync();
        var memberName = "林" + (char)('一' + Random.Shared.Next(0, 200)) + "集";
        var phone = MemberTestData.Phone();
        var joined = await app.JoinAsync(phone, new { name = memberName, idNumber = MemberTestData.IdNumber(), phone, jobType = "企业职工", employerName = "集群测试厂", joinCode = await app.JoinCodeAsync(world.FactoryA) });
        var requestId = (await joined.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await using var replica = new NpgsqlConnection(app.ReplicaConnectionString);
        await replica.OpenAsync();
        await WaitReplayedAsync(replica);
        await replica.ExecuteAsync("select pg_wal_replay_pause()");
        try
        {
            using var approver = StaffClient(token, cookies: true);
            using var colleague = StaffClient(token, cookies: false);
            var approve = await approver.PostAsync($"/api/v1/join-requests/{requestId}/approve", null);
            approve.StatusCode.ShouldBe(HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());

            // The approver's next list comes from the primary (its write left a read-your-writes cookie): the member is there.
            (await NamesAsync(approver, world.FactoryA, memberName)).ShouldContain(memberName);
            // Anyone else's list comes from the replica, which has not replayed the approval yet: proof that the read went there.
            (await NamesAsync(colleague, world.FactoryA, memberName)).ShouldBeEmpty();
        }
        finally
        {
            await replica.ExecuteAsync("select pg_wal_replay_resume()");
        }

        using var later = StaffClient(token, cookies: false);
        await WaitReplayedAsync(replica);
        (await NamesAsync(later, world.FactoryA, memberName)).ShouldContain(memberName);

        // With the replica down, the same reads are served by the primary; health says so but stays 200.
        await app.StopReplicaAsync();
        try
        {
            (await NamesAsync(later, world.FactoryA, memberName)).ShouldContain(memberName);
            var health = await later.GetAsync("/health");
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
            await WaitForAsync(async () => (await later.GetStringAsync("/health")).Contains("\"Degraded\"", StringComparison.Ordinal), "health never reported the replica as degraded");
            (await NamesAsync(later, world.FactoryA, memberName)).ShouldContain(memberName);
        }
        finally
        {
            await app.StartAgainAsync();
        }
    }

    [Fact]
    public async Task A_member_change_committed_anywhere_reaches_the_card_cached_by_every_instance()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "甘集群", MemberTestData.IdNumber(), phone);
        // Both instances (and this process) hold their card-change listener, so both cache what they serve.
        await WaitForAsync(async () =>
        {
            await using var conn = await app.OpenAsync();
            return await conn.ExecuteScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like '%member_card_changed%'") >= 3;
        }, "the instances' card-change listeners did not connect within 30 s");

        var cookie = $"uo.member={TestActors.Cookie(app, UnionSchemes.Member, app.MemberPrincipal(phone, memberId, UnionSchemes.Member))}";
        var cards = new[] { app.Client(app.Instance(1)), app.Client(app.Instance(2)) };
        try
        {
            foreach (var card in cards)
            {
                card.DefaultRequestHeaders.Add("Cookie", cookie);
                (await card.GetStringAsync("/m/card")).ShouldContain("甘集群");
                (await card.GetStringAsync("/m/card")).ShouldContain("甘集群");
            }
            await using (var conn = await app.OpenAsync())
                await conn.ExecuteAsync("update members.members set name = '甘已改名' where id = @memberId", new { memberId });
            foreach (var card in cards)
            {
                await WaitForAsync(async () => (await card.GetStringAsync("/m/card")).Contains("甘已改名", StringComparison.Ordinal),
                    "an instance kept serving the card from before the change: " + card.BaseAddress);
            }
        }
        finally
        {
            foreach (var card in cards) card.Dispose();
        }
    }

    [Fact]
    public async Task Killing_an_instance_under_load_loses_no_acknowledged_request_and_repeats_no_background_work()
    {
        const int Members = 5_000, Applicants = 1_500, ChunkSize = 20;
        var w = await DisbursementWorld.CreateAsync(app);
        var payees = await app.InsertMembersAsync(w.FactoryA, Members);
        await app.TopUpAsync(w.Preparer, w.DistrictA, Members * 1_000L);
        var prep = await app.StaffApiAsync(w.Preparer);
        var approver = await app.StaffApiAsync(w.Approver);
        var subsidy = await SubsidyWorld.CreateAsync(app);
        var ev = await subsidy.Officer.CreateEventAsync(SubsidyTestKit.Input(subsidy.Org.DistrictA, days: 1, slotsPerDay: 2, capacity: 500));
        var eventId = ev.GetProperty("id").GetInt64();
        var slots = ev.SlotIds();
        var applicants = await app.BulkMembersAsync(subsidy.Org.FactoryA, Applicants);
        var tokens = applicants.Select(m => TestActors.BearerToken(app, app.MemberPrincipal("13900000000", m, UnionSchemes.Bearer))).ToArray();
        await AfterTreeRefreshAsync();

        var disbursementId = (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "集群故障演练", purpose = "演练", amountFen = 1_000L })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{disbursementId}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Members apply through nginx, 32 at a time, while the disbursement is approved and posted in the background.
        using var client = app.Client(app.Nginx);
        var answers = new ConcurrentDictionary<long, (HttpStatusCode Status, DateTime At)>();
        var failures = new ConcurrentBag<(long Member, string Error, DateTime At)>();
        var burst = ApplyAsync(client, eventId, slots, applicants, tokens, answers, failures);
        await (await approver.SendAsync(DisbursementKit.Approve(disbursementId))).JsonAsync(HttpStatusCode.OK);

        // Kill the instance that holds the posting lease, once it has posted a few of the 250 chunks.
        await using var conn = await app.OpenAsync();
        long posted = 0;
        for (var i = 0; i < 3_000 && posted < 3; i++)
        {
            posted = await conn.ExecuteScalarAsync<long>("select count(*) from wallet.disbursement_chunks where disbursement_id = @disbursementId and posted_at is not null", new { disbursementId });
            if (posted < 3) await Task.Delay(10);
        }
        var holder = await conn.ExecuteScalarAsync<string?>("""
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.objid = hashtext('wallet.disbursements')::oid and l.granted and a.application_name like 'UnionOne work lease%'
            """);
        holder.ShouldNotBeNull($"no instance holds the posting lease while posting ({posted} chunks posted): " + string.Join("; ", await conn.QueryAsync<string>(
            "select l.classid || '/' || l.objid || '/' || l.objsubid || ' ' || coalesce(a.application_name, '') || ' ' || l.granted from pg_locks l left join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory'")) + "\n" + app.InstanceLog(1) + "\n" + app.InstanceLog(2));
        var victim = holder.EndsWith("app1", StringComparison.Ordinal) ? 1 : 2;
        var answeredBeforeKill = answers.Count;
        await app.KillInstanceAsync(victim);
        var killedAt = DateTime.UtcNow;
        posted = await conn.ExecuteScalarAsync<long>("select count(*) from wallet.disbursement_chunks where disbursement_id = @disbursementId and posted_at is not null", new { disbursementId });
        posted.ShouldBeLessThan(Members / ChunkSize, "posting finished before the kill: the test proves nothing");
        await burst;

        output.WriteLine($"killed app{victim} (posting lease holder) after {answeredBeforeKill} answers and {posted} of {Members / ChunkSize} chunks; " +
            $"{answers.Count} answered, {failures.Count} failed: " + string.Join("; ", failures.Take(5).Select(f => f.Error)));
        answeredBeforeKill.ShouldBeLessThan(Applicants, "the burst ended before the kill: the test proves nothing");

        // Only requests inside the killed instance at that moment may fail (at most the 32 in flight), and none after it.
        failures.Count.ShouldBeLessThanOrEqualTo(32);
        failures.Where(f => !f.Error.StartsWith("503 {", StringComparison.Ordinal) || !f.Error.Contains("服务暂时不可用", StringComparison.Ordinal))
            .Where(f => !f.Error.Contains("Error while copying content", StringComparison.Ordinal)).Select(f => f.Error).ShouldBeEmpty();
        failures.Where(f => f.At > killedAt.AddSeconds(5)).ShouldBeEmpty();
        answers.Values.Where(a => a.At > killedAt).Select(a => a.Status).ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        answers.Values.Count(a => a.At > killedAt).ShouldBeGreaterThan(0, "no request was answered after the kill");

        // Every acknowledged application is there exactly once; no slot over capacity.
        var acknowledged = answers.Where(a => a.Value.Status == HttpStatusCode.Created).Select(a => a.Key).ToHashSet();
        var recorded = (await conn.QueryAsync<long>("select member_id from subsidy.applications where event_id = @eventId", new { eventId })).ToList();
        recorded.Count.ShouldBe(recorded.Distinct().Count());
        acknowledged.Where(m => !recorded.Contains(m)).ShouldBeEmpty("acknowledged applications lost");
        (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.slots where event_id = @eventId and taken > capacity", new { eventId })).ShouldBe(0);

        // The surviving instance takes the lease over and finishes the posting; nobody is credited twice.
        (await approver.WaitPostedAsync(disbursementId, app)).GetProperty("creditedMembers").GetInt32().ShouldBe(Members, app.InstanceLog(3 - victim));
        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, payees);
        payees.Where(m => balances[m] != 1_000L).ShouldBeEmpty();
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from wallet.lots l join wallet.transfers t on t.id = l.transfer_id where t.reference = 'disbursement:' || @disbursementId
            """, new { disbursementId = disbursementId.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(Members);
        (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.DisbursementInTransit, disbursementId))).ShouldBe(0);
        await app.InvariantsHoldAsync();

        // The killed instance comes back and serves again behind nginx.
        await app.StartAgainAsync();
        using var direct = app.Client(app.Instance(victim));
        (await direct.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private HttpClient StaffClient(string token, bool cookies)
    {
        var client = app.Client(app.Nginx, cookies);
        client.DefaultRequestHeaders.Authorization = TestActors.Bearer(token);
        return client;
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, long unionId, string name)
    {
        var response = await client.GetAsync($"/api/v1/members?unionId={unionId}&q={Uri.EscapeDataString(name)}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var items = JsonDocument.Parse(text).RootElement.GetProperty("items");
        return items.EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Where(n => n == name).ToList();
    }

    /// <summary>Each instance checks the organisation tree for changes every 2 s: unions created by the test are then known.</summary>
    private static Task AfterTreeRefreshAsync() => Task.Delay(TimeSpan.FromSeconds(2.5));

    private async Task WaitReplayedAsync(NpgsqlConnection replica)
    {
        await using var primary = await app.OpenAsync();
        var lsn = await primary.ExecuteScalarAsync<string>("select pg_current_wal_lsn()::text");
        await WaitForAsync(async () => await replica.ExecuteScalarAsync<bool>("select pg_last_wal_replay_lsn() >= @lsn::pg_lsn", new { lsn }),
            "the replica did not replay the primary's WAL within 30 s");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        throw new ShouldAssertException(failure);
    }

    private static async Task ApplyAsync(HttpClient client, long id, long[] slots, long[] members, string[] tokens,
        ConcurrentDictionary<long, (HttpStatusCode, DateTime)> answers, ConcurrentBag<(long, string, DateTime)> failures) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subsidy-events/{id}/applications") { Content = JsonContent.Create(new { slotId = slots[i % 2] }) };
            request.Headers.Authorization = TestActors.Bearer(tokens[i]);
            try
            {
                using var response = await client.SendAsync(request, ct);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict) answers[members[i]] = (response.StatusCode, DateTime.UtcNow);
                else
                {
                    // nginx answers for a request lost inside the killed instance: 503, a Chinese ProblemDetails, Retry-After.
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var retry = response.Headers.RetryAfter is null ? " (no Retry-After)" : "";
                    failures.Add((members[i], $"{(int)response.StatusCode}{retry} {body}", DateTime.UtcNow));
                }
            }
            catch (HttpRequestException e)
            {
                failures.Add((members[i], e.Message, DateTime.UtcNow));
            }
        });
}
