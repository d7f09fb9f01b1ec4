using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Platform.Auth;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.SubsidyEvents;
using Xunit.Abstractions;

namespace UnionOne.Tests.Faults;

/// <summary>The app in this process mints member tokens that a child process accepts: both keep data-protection keys in one folder.</summary>
public sealed class SharedKeysApp : UnionOneApp
{
    public string KeysPath { get; } = Directory.CreateTempSubdirectory("unionone-keys-").FullName;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["SubsidyEvents:WorkerEnabled"] = "false",
        ["DataProtection:KeysPath"] = KeysPath,
    };

    /// <summary>Program.cs reads the keys path while it registers services, before the in-memory settings apply: set it early.</summary>
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
    }
}

/// <summary>
/// Fault suite: 2,000 members apply at once (64 in flight) for 1,000 first-come places and the app is SIGKILLed in the
/// middle of the burst. After a restart, the members without an answer try again. No slot is ever over capacity, every
/// application answered 201 is there exactly once and holds its place, nobody holds two, and in the end all 1,000 places
/// are taken exactly once.
/// </summary>
[Trait("Suite", "Faults")]
public sealed class AppKilledMidApplicationBurstTests(SharedKeysApp app, ITestOutputHelper output) : IClassFixture<SharedKeysApp>
{
    private const int Applicants = 2_000;

    [Fact]
    public async Task An_application_burst_interrupted_by_SIGKILL_loses_no_acknowledged_application_and_never_overbooks()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        await using var child = new ChildApp(app.Settings);
        await using var conn = await app.OpenAsync();

        for (var round = 0; round < FaultRounds.Count; round++)
        {
            var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 2, capacity: 500));
            var id = ev.GetProperty("id").GetInt64();
            var slots = ev.SlotIds();
            var members = await app.BulkMembersAsync(world.Org.FactoryA, Applicants);
            var tokens = members.Select(m => TestActors.BearerToken(app, app.MemberPrincipal("13900000000", m, UnionSchemes.Bearer))).ToArray();
            await child.StartAsync();
            using var client = child.CreateClient();
            var answers = new ConcurrentDictionary<long, HttpStatusCode>();

            var burst = ApplyAsync(client, id, slots, members, tokens, answers);
            long held = 0;
            for (var i = 0; i < 3_000 && held < 150 && !burst.IsCompleted; i++)
            {
                held = await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.applications where event_id = @id", new { id });
                if (held < 150) await Task.Delay(10);
            }
            child.Kill();
            await burst;
            var answered = answers.Count;
            answered.ShouldBeLessThan(Applicants, "the burst ended before the kill: the round proves nothing; " + string.Join(", ", answers.GroupBy(a => a.Value).Select(g => $"{(int)g.Key}: {g.Count()}")) + "\n" + child.Log);
            var acknowledged = answers.Where(a => a.Value == HttpStatusCode.Created).Select(a => a.Key).ToList();
            await CheckAsync(conn, id, acknowledged);

            await child.StartAsync();
            var unanswered = members.Select((m, i) => (m, i)).Where(x => !answers.ContainsKey(x.m)).ToList();
            await ApplyAsync(client, id, slots, unanswered.Select(x => x.m).ToArray(), unanswered.Select(x => tokens[x.i]).ToArray(), answers);
            // A member whose first try committed but whose answer was lost is told 每人限报一次 on the retry: the place is theirs.
            var allAcknowledged = answers.Where(a => a.Value == HttpStatusCode.Created).Select(a => a.Key).ToList();
            answers.Values.ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
            await CheckAsync(conn, id, allAcknowledged);
            (await conn.QueryAsync<int>("select taken from subsidy.slots where event_id = @id order by id", new { id })).ShouldBe([500, 500]);
            child.Kill();
            output.WriteLine($"round {round + 1}: killed after {answered} answers ({acknowledged.Count} accepted); {allAcknowledged.Count} accepted in all");
        }
    }

    private static async Task CheckAsync(Npgsql.NpgsqlConnection conn, long id, IReadOnlyCollection<long> acknowledged)
    {
        (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.slots where event_id = @id and taken > capacity", new { id })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from subsidy.slots s
            where s.event_id = @id and s.taken <> (select count(*) from subsidy.applications a where a.slot_id = s.id and a.status = 2)
            """, new { id })).ShouldBe(0);
        var recorded = (await conn.QueryAsync<long>("select member_id from subsidy.applications where event_id = @id", new { id })).ToList();
        recorded.Count.ShouldBe(recorded.Distinct().Count());
        acknowledged.Where(m => !recorded.Contains(m)).ShouldBeEmpty("acknowledged applications lost");
    }

    private static async Task ApplyAsync(HttpClient client, long id, long[] slots, long[] members, string[] tokens, ConcurrentDictionary<long, HttpStatusCode> answers) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subsidy-events/{id}/applications") { Content = JsonContent.Create(new { slotId = slots[i % 2] }) };
            request.Headers.Authorization = TestActors.Bearer(tokens[i]);
            try
            {
                using var response = await client.SendAsync(request, ct);
                answers[members[i]] = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // The app died with this request in flight: no answer.
            }
        });
}
