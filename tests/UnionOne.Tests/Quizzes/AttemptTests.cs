using System.Net;
using System.Text.Json;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Quizzes;

public sealed class AttemptTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task The_paper_never_carries_the_answers_and_the_result_does()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var start = await member.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null);
        var json = await start.Content.ReadAsStringAsync();
        start.StatusCode.ShouldBe(HttpStatusCode.Created, json);
        json.ShouldNotContain("correct", Case.Insensitive);
        json.ShouldNotContain("explanation", Case.Insensitive);
        json.ShouldNotContain("第三十六条");
        var attempt = JsonDocument.Parse(json).RootElement;
        attempt.GetProperty("status").GetString().ShouldBe("in-progress");
        attempt.GetProperty("remainingSeconds").GetInt32().ShouldBeInRange(590, 600);
        attempt.GetProperty("questions").GetArrayLength().ShouldBe(3);
        var id = attempt.GetProperty("id").GetInt64();

        var again = await (await member.Api.GetAsync($"/api/v1/quizzes/me/attempts/{id}")).Content.ReadAsStringAsync();
        again.ShouldNotContain("correct", Case.Insensitive);
        again.ShouldNotContain("劳动法第", Case.Insensitive);

        var result = (await member.SubmittedAsync(id, w.RightAnswers)).GetProperty("result");
        result.GetProperty("score").GetInt32().ShouldBe(3);
        result.GetProperty("percent").GetInt32().ShouldBe(100);
        result.GetProperty("passed").GetBoolean().ShouldBeTrue();
        var reviewed = result.GetProperty("questions").EnumerateArray().ToList();
        reviewed[0].GetProperty("explanation").GetString().ShouldBe("劳动法第三十六条规定每日不超过八小时");
        reviewed[1].GetProperty("correct").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([1, 3]);
        reviewed.ShouldAllBe(q => q.GetProperty("isCorrect").GetBoolean());
    }

    [Fact]
    public async Task The_server_scores_partial_answers_and_unanswered_questions_count_wrong()
    {
        var w = await QuizWorld.CreateAsync(app, maxAttempts: 3);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        var result = (await member.SubmittedAsync(id, [new { questionId = w.Questions[1], choices = new[] { 1, 3 } }])).GetProperty("result");
        result.GetProperty("score").GetInt32().ShouldBe(1);
        result.GetProperty("percent").GetInt32().ShouldBe(33);
        result.GetProperty("passed").GetBoolean().ShouldBeFalse();
        (await app.ScalarAsync("select count(*) from quizzes.answers where attempt_id = @id", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task Passing_earns_points_once_per_member_per_quiz()
    {
        var w = await QuizWorld.CreateAsync(app, maxAttempts: 3);
        await app.ExecAsync("insert into points.rules (union_id, kind, points) values (@city, 3, 15)", new { city = w.Org.City });
        var member = await app.QuizMemberAsync(w.Org.FactoryA);

        var failed = (await member.SubmittedAsync((await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64(), w.OneRight)).GetProperty("result");
        failed.GetProperty("passed").GetBoolean().ShouldBeFalse();
        failed.GetProperty("points").ValueKind.ShouldBe(JsonValueKind.Null);

        var passed = (await member.SubmittedAsync((await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64(), w.RightAnswers)).GetProperty("result");
        passed.GetProperty("points").GetInt64().ShouldBe(15);
        var third = (await member.SubmittedAsync((await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64(), w.RightAnswers)).GetProperty("result");
        third.GetProperty("passed").GetBoolean().ShouldBeTrue();
        third.GetProperty("points").ValueKind.ShouldBe(JsonValueKind.Null);

        (await app.ScalarAsync("select count(*) from points.awards where member_id = @id and kind = 3 and reference = @reference",
            new { id = member.Id, reference = $"quiz:{w.QuizId}" })).ShouldBe(1);
        (await app.ScalarAsync("select coalesce(sum(points), 0) from points.awards where member_id = @id", new { id = member.Id })).ShouldBe(15);
    }

    [Fact]
    public async Task A_submission_after_the_time_limit_is_refused_the_attempt_expires_and_no_answer_is_stored()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        // Started 10 minutes and 6 seconds ago: past the limit and the 5-second grace.
        await app.ExecAsync("update quizzes.attempts set started_at = now() - interval '606 seconds', deadline_at = now() - interval '6 seconds' where id = @id", new { id });

        var response = await member.SubmitAsync(id, w.RightAnswers);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("已超过答题时限（10分钟），本次答题作废，答案未被记录");
        (await app.ScalarAsync("select status from quizzes.attempts where id = @id", new { id })).ShouldBe(3);
        (await app.ScalarAsync("select count(*) from quizzes.answers where attempt_id = @id", new { id })).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from points.awards where member_id = @id", new { id = member.Id })).ShouldBe(0);

        // One attempt only: it is used up.
        var restart = await member.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null);
        restart.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await restart.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("该竞赛每人只能答题一次，您已答过");
    }

    [Fact]
    public async Task A_submission_within_the_grace_seconds_is_accepted()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        await app.ExecAsync("update quizzes.attempts set started_at = now() - interval '601 seconds', deadline_at = now() - interval '1 second' where id = @id", new { id });
        (await member.SubmittedAsync(id, w.RightAnswers)).GetProperty("status").GetString().ShouldBe("submitted");
    }

    [Fact]
    public async Task Answers_for_questions_not_in_the_quiz_are_refused_and_nothing_is_stored()
    {
        var w = await QuizWorld.CreateAsync(app);
        var foreignQuestion = await w.Officer.CreatedIdAsync($"/api/v1/quizzes/banks/{w.BankId}/questions",
            new { kind = "true-false", text = "发布后新增的题目", correct = new[] { 1 } });
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        var before = await app.QuizSnapshotAsync();

        object[] answers = [.. w.RightAnswers, new { questionId = foreignQuestion, choices = new[] { 1 } }];
        var response = await member.SubmitAsync(id, answers);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("answers").ShouldBe($"答案中有不属于本竞赛的题目（题目编号{foreignQuestion}），请刷新后重新作答");

        var impossible = await member.SubmitAsync(id, [new { questionId = w.Questions[0], choices = new[] { 1, 2 } }]);
        impossible.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await impossible.ReadProblemAsync()).FieldError("answers").ShouldBe("第1题只能选择一个答案");
        var outOfRange = await member.SubmitAsync(id, [new { questionId = w.Questions[1], choices = new[] { 4 } }]);
        (await outOfRange.ReadProblemAsync()).FieldError("answers").ShouldBe("第2题的选项无效");

        (await app.QuizSnapshotAsync()).ShouldBe(before);
        // The attempt is still open: the member can submit properly.
        (await member.SubmittedAsync(id, w.RightAnswers)).GetProperty("result").GetProperty("score").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task A_second_submission_is_refused()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        await member.SubmittedAsync(id, w.OneRight);
        var before = await app.QuizSnapshotAsync();
        var again = await member.SubmitAsync(id, w.RightAnswers);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("本次答题已交卷，不能重复提交");
        (await app.QuizSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Members_outside_the_subtree_and_non_members_cannot_take_the_quiz()
    {
        var w = await QuizWorld.CreateAsync(app);
        var outsider = await app.QuizMemberAsync(w.Org.SchoolB);
        (await outsider.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await outsider.Api.GetAsync("/api/v1/quizzes/me")).JsonAsync()).EnumerateArray()
            .Select(q => q.GetProperty("quiz").GetProperty("id").GetInt64()).ShouldNotContain(w.QuizId);

        var insider = await app.QuizMemberAsync(w.Org.FactoryA);
        var mine = (await (await insider.Api.GetAsync("/api/v1/quizzes/me")).JsonAsync()).EnumerateArray().Single(q => q.GetProperty("quiz").GetProperty("id").GetInt64() == w.QuizId);
        mine.GetProperty("canStart").GetBoolean().ShouldBeTrue();

        var stranger = app.MemberApi(MemberTestData.Phone());
        var refused = await stranger.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("只有在会会员可以参加知识竞赛，请先申请入会");
        (await app.ScalarAsync("select count(*) from quizzes.attempts where quiz_id = @id", new { id = w.QuizId })).ShouldBe(0);
    }

    [Fact]
    public async Task A_quiz_outside_its_window_cannot_be_started()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        await app.ExecAsync("update quizzes.quizzes set opens_at = now() - interval '2 days', closes_at = now() - interval '1 minute' where id = @id", new { id = w.QuizId });
        var response = await member.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("竞赛已结束");
        (await app.ScalarAsync("select count(*) from quizzes.attempts where quiz_id = @id", new { id = w.QuizId })).ShouldBe(0);
    }

    [Fact]
    public async Task Best_of_n_allows_n_attempts_and_parallel_starts_never_exceed_it()
    {
        var w = await QuizWorld.CreateAsync(app, maxAttempts: 2);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);

        // Twenty taps at once: one attempt, every answer resumes it.
        var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => member.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null)));
        starts.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created, app.Errors);
        var ids = new HashSet<long>();
        foreach (var r in starts) ids.Add((await r.JsonAsync()).GetProperty("id").GetInt64());
        ids.Count.ShouldBe(1);
        await member.SubmittedAsync(ids.Single(), w.OneRight);

        var second = await member.StartAsync(w.QuizId);
        second.GetProperty("attemptNo").GetInt32().ShouldBe(2);
        await member.SubmittedAsync(second.GetProperty("id").GetInt64(), w.RightAnswers);

        var third = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => member.Api.PostAsync($"/api/v1/quizzes/me/{w.QuizId}/attempts", null)));
        third.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        (await third[0].ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("该竞赛每人最多答题2次，您的答题机会已用完");
        (await app.ScalarAsync("select count(*) from quizzes.attempts where quiz_id = @q and member_id = @m", new { q = w.QuizId, m = member.Id })).ShouldBe(2);

        var view = await (await member.Api.GetAsync($"/api/v1/quizzes/me/{w.QuizId}")).JsonAsync();
        view.GetProperty("bestScore").GetInt32().ShouldBe(3);
        view.GetProperty("canStart").GetBoolean().ShouldBeFalse();
    }
}
