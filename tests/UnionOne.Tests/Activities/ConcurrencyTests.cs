using System.Net;
using Dapper;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Activities;

public sealed class ConcurrencyTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Three_hundred_members_at_once_for_fifty_seats_fill_exactly_fifty_and_queue_the_rest_in_order()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 50);
        var members = new List<TestMember>();
        for (var i = 0; i < 300; i++) members.Add(await app.MemberAsync(i % 2 == 0 ? w.Org.FactoryA : w.Org.RidersA));

        using var start = new SemaphoreSlim(0);
        var attempts = members.Select(async m =>
        {
            await start.WaitAsync();
            var response = await m.Api.SignUpAsync(id);
            return (Member: m, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        // Plus every member's second request at the same time: still one sign-up each.
        var doubles = members.Take(40).Select(async m =>
        {
            await start.WaitAsync();
            return (await m.Api.SignUpAsync(id)).StatusCode;
        }).ToList();
        start.Release(members.Count + 40);
        var results = await Task.WhenAll(attempts);
        var second = await Task.WhenAll(doubles);

        // For the first forty members, one of their two requests wins and the other is refused as a second sign-up.
        var refusedTwice = results.Where(r => r.Status != HttpStatusCode.Created).ToList();
        refusedTwice.ShouldAllBe(r => r.Status == HttpStatusCode.Conflict && r.Body.Contains("请勿重复报名"),
            string.Join("\n", refusedTwice.Select(r => $"{(int)r.Status} {r.Body}").Distinct().Take(5)) + app.Errors);
        (results.Count(r => r.Status == HttpStatusCode.Created) + second.Count(s => s == HttpStatusCode.Created)).ShouldBe(300);
        second.ShouldAllBe(s => s == HttpStatusCode.Conflict || s == HttpStatusCode.Created);

        await using var conn = await app.OpenAsync();
        var rows = (await conn.QueryAsync<(long Id, long MemberId, short Status)>(
            "select id, member_id, status from activities.signups where activity_id = @id order by id", new { id })).ToList();
        rows.Count.ShouldBe(300);
        rows.Select(r => r.MemberId).Distinct().Count().ShouldBe(300);
        // The first fifty in sign-up order hold the seats; everyone after them waits.
        rows.Take(50).ShouldAllBe(r => r.Status == 1);
        rows.Skip(50).ShouldAllBe(r => r.Status == 2);
        (await conn.ExecuteScalarAsync<int>("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(50);

        // Ten confirmed members cancel at once: exactly the first ten of the waitlist are promoted.
        var confirmed = rows.Take(10).ToList();
        var byMember = members.ToDictionary(m => m.Id);
        var cancels = await Task.WhenAll(confirmed.Select(r => byMember[r.MemberId].Api.PostAsync($"/api/v1/activities/sign-ups/{r.Id}/cancel", null)));
        cancels.ShouldAllBe(c => c.StatusCode == HttpStatusCode.OK);
        var after = (await conn.QueryAsync<(long Id, short Status)>(
            "select id, status from activities.signups where activity_id = @id order by id", new { id })).ToList();
        after.Take(10).ShouldAllBe(r => r.Status == 3);
        after.Skip(10).Take(50).ShouldAllBe(r => r.Status == 1);
        after.Skip(60).ShouldAllBe(r => r.Status == 2);
        (await conn.ExecuteScalarAsync<int>("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(50);
    }
}
