using System.Net;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Quizzes;

namespace UnionOne.Tests.Polls;

public sealed class ConcurrencyTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task One_member_voting_twenty_times_at_once_casts_exactly_one_ballot()
    {
        var w = await PollWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => member.VoteAsync(w.PollId, i % 4 + 1)));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(19, app.Errors);
        (await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("您已经投过票了，每人只能投一次");
        (await app.ScalarAsync("select count(*) from polls.ballots where poll_id = @id and member_id = @m", new { id = w.PollId, m = member.Id })).ShouldBe(1);
    }

    [Fact]
    public async Task Two_hundred_members_voting_at_once_give_exact_totals()
    {
        var w = await PollWorld.CreateAsync(app, maxChoices: 1);
        var members = new List<QuizMember>();
        for (var i = 0; i < 200; i++) members.Add(await app.QuizMemberAsync(i % 2 == 0 ? w.Org.FactoryA : w.Org.RidersA));
        var responses = await Task.WhenAll(members.Select((m, i) => m.VoteAsync(w.PollId, i % 4 + 1)));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created, app.Errors);

        var results = await (await w.Officer.GetAsync($"/api/v1/polls/{w.PollId}/results")).JsonAsync();
        results.GetProperty("voters").GetInt32().ShouldBe(200);
        results.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()).ShouldBe([50, 50, 50, 50]);
        var turnout = results.GetProperty("turnout").EnumerateArray().ToDictionary(t => t.GetProperty("unionId").GetInt64());
        turnout[w.Org.FactoryA].GetProperty("voters").GetInt32().ShouldBe(100);
        turnout[w.Org.RidersA].GetProperty("percent").GetDouble().ShouldBe(100);
        (await app.ScalarAsync("select count(*) from polls.ballots where poll_id = @id", new { id = w.PollId })).ShouldBe(200);
    }
}
