using System.Collections.Concurrent;
using System.Net;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class ConcurrencyTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    /// <summary>
    /// 5,000 members apply at once (64 in flight) for 1,000 places in two first-come slots of 500: no slot over capacity, every
    /// accepted application recorded exactly once and holding a place, the rest answered 409 "已约满", nobody twice.
    /// </summary>
    [Fact]
    public async Task Five_thousand_concurrent_applications_for_a_thousand_places_never_overbook()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, days: 1, slotsPerDay: 2, capacity: 500));
        var id = ev.GetProperty("id").GetInt64();
        var slots = ev.SlotIds();
        var members = await app.BulkMembersAsync(world.Org.FactoryA, 5_000);
        var client = app.CreateClient();
        var tokens = members.Select(m => TestActors.BearerToken(app, app.MemberPrincipal("13900000000", m, UnionOne.Platform.Auth.UnionSchemes.Bearer))).ToArray();

        var answers = new ConcurrentDictionary<long, (HttpStatusCode Status, string Body)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/subsidy-events/{id}/applications")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { slotId = slots[i % 2] }),
            };
            request.Headers.Authorization = TestActors.Bearer(tokens[i]);
            using var response = await client.SendAsync(request, ct);
            answers[members[i]] = (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        });

        answers.Count.ShouldBe(5_000);
        var accepted = answers.Where(a => a.Value.Status == HttpStatusCode.Created).Select(a => a.Key).ToHashSet();
        accepted.Count.ShouldBe(1_000, app.Errors);
        var refused = answers.Where(a => a.Value.Status != HttpStatusCode.Created).ToList();
        refused.Count.ShouldBe(4_000);
        refused.ShouldAllBe(r => r.Value.Status == HttpStatusCode.Conflict);
        var sample = refused[0].Value.Body;
        System.Text.Json.JsonDocument.Parse(sample).RootElement.GetProperty("detail").GetString()!.ShouldContain("已约满");

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.slots where event_id = @id and taken > capacity", new { id })).ShouldBe(0);
        (await conn.QueryAsync<int>("select taken from subsidy.slots where event_id = @id order by id", new { id })).ShouldBe([500, 500]);
        var recorded = (await conn.QueryAsync<long>("select member_id from subsidy.applications where event_id = @id", new { id })).ToList();
        recorded.Count.ShouldBe(1_000);
        recorded.Distinct().Count().ShouldBe(1_000);
        recorded.ToHashSet().SetEquals(accepted).ShouldBeTrue();
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from subsidy.slots s
            where s.event_id = @id and s.taken <> (select count(*) from subsidy.applications a where a.slot_id = s.id and a.status = 2)
            """, new { id })).ShouldBe(0);
    }
}
