using System.Net;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Quizzes;

public sealed class LeaderboardTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Best_score_ranks_first_then_the_shorter_time_per_union_and_staff_see_the_subtree()
    {
        var w = await QuizWorld.CreateAsync(app, maxAttempts: 2);
        var fast = await app.QuizMemberAsync(w.Org.FactoryA);
        var slow = await app.QuizMemberAsync(w.Org.FactoryA);
        var weak = await app.QuizMemberAsync(w.Org.FactoryA);
        var district = await app.QuizMemberAsync(w.Org.DistrictA);

        async Task TakeAsync(QuizMember m, object[] answers, int seconds)
        {
            var id = (await m.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
            await app.ExecAsync("update quizzes.attempts set started_at = now() - make_interval(secs => @seconds), deadline_at = now() + interval '5 minutes' where id = @id",
                new { id, seconds = (double)seconds });
            await m.SubmittedAsync(id, answers);
        }

        await TakeAsync(fast, w.RightAnswers, 60);
        await TakeAsync(slow, w.OneRight, 30);
        await TakeAsync(slow, w.RightAnswers, 200);
        await TakeAsync(weak, w.OneRight, 20);
        await TakeAsync(district, w.RightAnswers, 10);

        var board = await (await fast.Api.GetAsync($"/api/v1/quizzes/me/{w.QuizId}/leaderboard")).JsonAsync();
        var rows = board.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("memberId").GetInt64()).ShouldBe([fast.Id, slow.Id, weak.Id]);
        rows[1].GetProperty("attempts").GetInt32().ShouldBe(2);
        rows[1].GetProperty("seconds").GetInt32().ShouldBeInRange(199, 202);
        rows[1].GetProperty("name").GetString()!.ShouldContain("*");
        rows[0].GetProperty("name").GetString()!.ShouldNotContain("*");

        var staff = await (await w.Officer.GetAsync($"/api/v1/quizzes/{w.QuizId}/leaderboard")).JsonAsync();
        staff.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("memberId").GetInt64()).ShouldBe([district.Id, fast.Id, slow.Id, weak.Id]);
        var unions = staff.GetProperty("unions").EnumerateArray().ToDictionary(u => u.GetProperty("unionId").GetInt64());
        unions[w.Org.FactoryA].GetProperty("participants").GetInt32().ShouldBe(3);
        unions[w.Org.FactoryA].GetProperty("passed").GetInt32().ShouldBe(2);
        unions[w.Org.DistrictA].GetProperty("participants").GetInt32().ShouldBe(1);

        var factoryOnly = await (await w.Officer.GetAsync($"/api/v1/quizzes/{w.QuizId}/leaderboard?unionId={w.Org.FactoryA}")).JsonAsync();
        factoryOnly.GetProperty("rows").GetArrayLength().ShouldBe(3);
        (await w.Officer.GetAsync($"/api/v1/quizzes/{w.QuizId}/leaderboard?unionId={w.Org.DistrictB}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
