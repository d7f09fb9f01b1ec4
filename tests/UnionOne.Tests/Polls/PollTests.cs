using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Quizzes;

namespace UnionOne.Tests.Polls;

public sealed class PollTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_votes_once_and_a_second_vote_is_409_with_a_clear_message()
    {
        var w = await PollWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var voted = await member.VotedAsync(w.PollId, 1, 3);
        voted.GetProperty("myChoices").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([1, 3]);
        voted.GetProperty("canVote").GetBoolean().ShouldBeFalse();
        var results = voted.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("votes").GetInt32()).ShouldBe([1, 0, 1, 0]);
        results[0].GetProperty("percent").GetDouble().ShouldBe(100);

        var before = await app.PollSnapshotAsync();
        var again = await member.VoteAsync(w.PollId, 2);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("您已经投过票了，每人只能投一次");
        (await app.PollSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_ballots_are_refused_with_field_messages_and_nothing_is_stored()
    {
        var w = await PollWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var before = await app.PollSnapshotAsync();
        (int[] Choices, string Message)[] cases =
        [
            ([1, 2, 3], "本投票每人最多选2项，您选了3项"),
            ([], "请至少选择一项"),
            ([5], "所选的选项不存在"),
            ([2, 2], "不能重复选择同一选项"),
        ];
        foreach (var (choices, message) in cases)
        {
            var response = await member.VoteAsync(w.PollId, choices);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, message);
            (await response.ReadProblemAsync()).FieldError("choices").ShouldBe(message);
        }
        (await app.PollSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Voting_on_a_closed_poll_is_refused()
    {
        var w = await PollWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        await app.ExecAsync("update polls.polls set opens_at = '2026-01-01 02:00:00+00', closes_at = '2026-01-02 02:00:00+00' where id = @id", new { id = w.PollId });
        var before = await app.PollSnapshotAsync();
        var response = await member.VoteAsync(w.PollId, 1);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("投票已于2026-01-02 10:00截止，不能再投票");
        (await app.PollSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_polls_are_refused_and_nothing_is_published()
    {
        var w = await PollWorld.CreateAsync(app);
        var before = await app.PollSnapshotAsync();
        (string Field, string Message, object Body)[] cases =
        [
            ("options", "投票至少需要2个选项", PollKit.Poll(w.Org.DistrictA, options: ["只有一个"], maxChoices: 1)),
            ("options", "投票至少需要2个选项", PollKit.Poll(w.Org.DistrictA, options: ["有内容", "  "], maxChoices: 1)),
            ("options", "选项不能重复", PollKit.Poll(w.Org.DistrictA, options: ["甲", "甲"], maxChoices: 1)),
            ("maxChoices", "每人可选项数须在1至选项数之间", PollKit.Poll(w.Org.DistrictA, options: ["甲", "乙"], maxChoices: 3)),
            ("resultsVisibility", "请选择结果公布方式", PollKit.Poll(w.Org.DistrictA, visibility: "never")),
            ("closesAt", "截止时间须晚于开始时间", PollKit.Poll(w.Org.DistrictA, opensAt: DateTimeOffset.UtcNow.AddDays(3), closesAt: DateTimeOffset.UtcNow.AddDays(2))),
        ];
        foreach (var (field, message, body) in cases)
        {
            var response = await w.Officer.PostAsJsonAsync("/api/v1/polls", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, message);
            (await response.ReadProblemAsync()).FieldError(field).ShouldBe(message);
        }
        (await (await app.StaffApiAsync(w.Org.OfficerB)).PostAsJsonAsync("/api/v1/polls", PollKit.Poll(w.Org.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.Org.ViewerA)).PostAsJsonAsync("/api/v1/polls", PollKit.Poll(w.Org.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.PollSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Results_after_close_stay_hidden_from_members_until_the_poll_closes()
    {
        var w = await PollWorld.CreateAsync(app, visibility: "after-close");
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var voted = await member.VotedAsync(w.PollId, 2);
        voted.GetProperty("resultsVisible").GetBoolean().ShouldBeFalse();
        voted.GetProperty("results").ValueKind.ShouldBe(JsonValueKind.Null);
        var staff = await (await w.Officer.GetAsync($"/api/v1/polls/{w.PollId}/results")).JsonAsync();
        staff.GetProperty("options")[1].GetProperty("votes").GetInt32().ShouldBe(1);

        await app.ExecAsync("update polls.polls set opens_at = now() - interval '3 days', closes_at = now() - interval '1 minute' where id = @id", new { id = w.PollId });
        var after = await (await member.Api.GetAsync($"/api/v1/polls/me/{w.PollId}")).JsonAsync();
        after.GetProperty("resultsVisible").GetBoolean().ShouldBeTrue();
        after.GetProperty("results")[1].GetProperty("votes").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Members_outside_the_subtree_neither_see_nor_vote_and_staff_outside_get_404()
    {
        var w = await PollWorld.CreateAsync(app);
        var outsider = await app.QuizMemberAsync(w.Org.SchoolB);
        (await outsider.VoteAsync(w.PollId, 1)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await outsider.Api.GetAsync("/api/v1/polls/me")).JsonAsync()).EnumerateArray()
            .Select(p => p.GetProperty("poll").GetProperty("id").GetInt64()).ShouldNotContain(w.PollId);
        var insider = await app.QuizMemberAsync(w.Org.FactoryA);
        (await (await insider.Api.GetAsync("/api/v1/polls/me")).JsonAsync()).EnumerateArray()
            .Select(p => p.GetProperty("poll").GetProperty("id").GetInt64()).ShouldContain(w.PollId);

        var other = await app.StaffApiAsync(w.Org.OfficerB);
        (await other.GetAsync($"/api/v1/polls/{w.PollId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/polls/{w.PollId}/results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from polls.ballots where poll_id = @id", new { id = w.PollId })).ShouldBe(0);
    }

    [Fact]
    public async Task Turnout_per_union_is_voters_over_active_members()
    {
        var w = await PollWorld.CreateAsync(app);
        var factory = new List<QuizMember>();
        for (var i = 0; i < 4; i++) factory.Add(await app.QuizMemberAsync(w.Org.FactoryA));
        var riders = new List<QuizMember>();
        for (var i = 0; i < 2; i++) riders.Add(await app.QuizMemberAsync(w.Org.RidersA));
        await factory[0].VotedAsync(w.PollId, 1);
        await factory[1].VotedAsync(w.PollId, 1, 2);
        await factory[2].VotedAsync(w.PollId, 2);
        await riders[0].VotedAsync(w.PollId, 4);

        var results = await (await w.Officer.GetAsync($"/api/v1/polls/{w.PollId}/results")).JsonAsync();
        results.GetProperty("voters").GetInt32().ShouldBe(4);
        results.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()).ShouldBe([2, 2, 0, 1]);
        results.GetProperty("options")[0].GetProperty("percent").GetDouble().ShouldBe(50);
        var turnout = results.GetProperty("turnout").EnumerateArray().ToDictionary(t => t.GetProperty("unionId").GetInt64());
        turnout[w.Org.FactoryA].GetProperty("voters").GetInt32().ShouldBe(3);
        turnout[w.Org.FactoryA].GetProperty("activeMembers").GetInt64().ShouldBe(4);
        turnout[w.Org.FactoryA].GetProperty("percent").GetDouble().ShouldBe(75);
        turnout[w.Org.RidersA].GetProperty("percent").GetDouble().ShouldBe(50);
        results.GetProperty("subtreePercent").GetDouble().ShouldBe(66.7);

        // The city officer sees the same poll (their subtree) and can narrow the turnout to the factory.
        var city = await app.StaffApiAsync(w.Org.CityOfficer);
        var factoryOnly = await (await city.GetAsync($"/api/v1/polls/{w.PollId}/results?unionId={w.Org.FactoryA}")).JsonAsync();
        factoryOnly.GetProperty("turnout").GetArrayLength().ShouldBe(1);
        factoryOnly.GetProperty("subtreeVoters").GetInt32().ShouldBe(3);
    }
}
