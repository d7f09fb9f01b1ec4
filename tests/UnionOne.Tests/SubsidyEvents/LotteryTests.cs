using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.SubsidyEvents;

public sealed class LotteryTests(SubsidyApp app) : IClassFixture<SubsidyApp>
{
    /// <summary>Two slots of 3 places, 10 applicants: 6 win, the published seed matches the commitment and re-running gives the same winners.</summary>
    [Fact]
    public async Task The_draw_runs_once_after_the_window_and_anyone_can_verify_it()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 2, capacity: 3));
        var id = ev.GetProperty("id").GetInt64();
        var slots = ev.SlotIds();
        var commitment = ev.GetProperty("commitment").GetString()!;
        var members = new List<SubsidyMember>();
        for (var i = 0; i < 10; i++)
        {
            var m = await app.NewMemberAsync(world.Org.FactoryA);
            members.Add(m);
            // 7 want the first slot (3 of them only that one), 2 the second, 1 any slot.
            long? wanted = i < 7 ? slots[0] : i < 9 ? slots[1] : null;
            var r = await m.Api.ApplyAsync(id, wanted, acceptOther: i >= 3);
            r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            (await r.JsonAsync()).GetProperty("status").GetString().ShouldBe("applied");
        }
        (await (await members[0].Api.ApplyAsync(id, slots[1])).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("每人限报一次");

        // Not before the window closes.
        (await (await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("报名尚未截止");
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and status <> 1", new { id })).ShouldBe(0);

        await app.CloseWindowAsync(id);
        var draw = await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null);
        var outcome = await draw.JsonAsync();
        draw.StatusCode.ShouldBe(HttpStatusCode.OK, outcome.ToString());
        outcome.GetProperty("applicants").GetInt32().ShouldBe(10);
        outcome.GetProperty("winners").GetInt32().ShouldBe(6);
        var seedHex = outcome.GetProperty("seed").GetString()!;
        Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(seedHex))).ShouldBe(commitment);

        // Exactly once.
        (await (await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null)).ProblemAsync(HttpStatusCode.Conflict)).ShouldContain("抽签只能进行一次");

        await using (var conn = await app.OpenAsync())
        {
            (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.slots where event_id = @id and taken > capacity", new { id })).ShouldBe(0);
            (await conn.ExecuteScalarAsync<long>("select sum(taken) from subsidy.slots where event_id = @id", new { id })).ShouldBe(6);
            (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.applications where event_id = @id and status = 2", new { id })).ShouldBe(6);
            (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.applications where event_id = @id and status = 3", new { id })).ShouldBe(4);
            // Those who wanted only the first slot never got the second.
            (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.applications where event_id = @id and not accept_other and slot_id <> preferred_slot_id",
                new { id })).ShouldBe(0);
        }

        // An independent re-run from the public record gives the same winners.
        var publication = await app.Anonymous().GetFromJsonAsync<JsonElement>($"/api/v1/subsidy-events/{id}/draw");
        publication.GetProperty("seed").GetString().ShouldBe(seedHex);
        var (publishedSlots, applicants, winners) = publication.DrawRecord();
        var rerun = LotteryDraw.Run(Convert.FromHexString(seedHex), publishedSlots, applicants);
        rerun.OrderBy(x => x.Key).ShouldBe(winners.OrderBy(x => x.Key));

        var verified = await app.Anonymous().PostAsJsonAsync($"/api/v1/subsidy-events/{id}/verify", new { seed = seedHex });
        var v = await verified.JsonAsync();
        verified.StatusCode.ShouldBe(HttpStatusCode.OK, v.ToString());
        v.GetProperty("matches").GetBoolean().ShouldBeTrue();
        v.GetProperty("winners").GetInt32().ShouldBe(6);

        // Receipts: one SMS per winner with a one-time code.
        // (Other tests of this class may have winners waiting too.)
        (await app.SendReceiptsAsync()).ShouldBeGreaterThanOrEqualTo(6);
        (await app.SendReceiptsAsync()).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and entry_code_hash is not null", new { id })).ShouldBe(6);
    }

    [Fact]
    public async Task A_rerun_claiming_another_seed_is_the_committed_one_is_refused()
    {
        var world = await SubsidyWorld.CreateAsync(app);
        var ev = await world.Officer.CreateEventAsync(SubsidyTestKit.Input(world.Org.DistrictA, "lottery", days: 1, slotsPerDay: 1, capacity: 1));
        var id = ev.GetProperty("id").GetInt64();
        for (var i = 0; i < 3; i++) (await (await app.NewMemberAsync(world.Org.FactoryA)).Api.ApplyAsync(id, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.CloseWindowAsync(id);
        (await world.Officer.PostAsync($"/api/v1/subsidy-events/{id}/draw", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and status = 2", new { id });

        var forged = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var message = await (await app.Anonymous().PostAsJsonAsync($"/api/v1/subsidy-events/{id}/verify", new { seed = forged })).ProblemAsync(HttpStatusCode.Conflict);
        message.ShouldContain("不是本次抽签承诺的种子");
        (await (await app.Anonymous().PostAsJsonAsync($"/api/v1/subsidy-events/{id}/verify", new { seed = "xyz" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ShouldContain("64位十六进制");
        (await app.ScalarAsync("select count(*) from subsidy.applications where event_id = @id and status = 2", new { id })).ShouldBe(before);
        before.ShouldBe(1);
    }

    [Fact]
    public void The_algorithm_is_deterministic_and_fills_preferences_before_other_slots()
    {
        var seed = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var t0 = new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
        var slots = new[] { new DrawSlot(11, t0, 2), new DrawSlot(12, t0.AddMinutes(30), 2) };
        var applicants = Enumerable.Range(1, 6).Select(i => new DrawApplicant(i, i <= 4 ? 11 : null, i != 1)).ToList();

        var a = LotteryDraw.Run(seed, slots, applicants);
        var b = LotteryDraw.Run(seed, slots, applicants.AsEnumerable().Reverse().ToList());

        a.OrderBy(x => x.Key).ShouldBe(b.OrderBy(x => x.Key));
        a.Count.ShouldBe(4);
        a.Values.Count(v => v == 11).ShouldBe(2);
        a.Values.Count(v => v == 12).ShouldBe(2);
        // The two with the smallest tickets among those asking for slot 11 hold it.
        var expected11 = applicants.Where(x => x.PreferredSlotId == 11)
            .OrderBy(x => Convert.ToHexString(LotteryDraw.Ticket(seed, x.ApplicationId)), StringComparer.Ordinal).Take(2).Select(x => x.ApplicationId);
        a.Where(x => x.Value == 11).Select(x => x.Key).Order().ShouldBe(expected11.Order());
        LotteryDraw.Run(RandomNumberGenerator.GetBytes(32), slots, applicants).Count.ShouldBe(4);
    }
}
