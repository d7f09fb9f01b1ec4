using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Quizzes;

public sealed class BankAndPublishTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Staff_keep_a_bank_with_the_three_kinds_of_question_and_see_the_answers()
    {
        var w = await QuizWorld.CreateAsync(app);
        var bank = await (await w.Officer.GetAsync($"/api/v1/quizzes/banks/{w.BankId}")).JsonAsync();
        var questions = bank.GetProperty("questions").EnumerateArray().ToList();
        questions.Select(q => q.GetProperty("kind").GetString()).ShouldBe(["single", "multiple", "true-false"]);
        questions[1].GetProperty("correct").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([1, 3]);
        questions[2].GetProperty("options").EnumerateArray().Select(o => o.GetString()).ShouldBe(["正确", "错误"]);
        bank.GetProperty("bank").GetProperty("questions").GetInt32().ShouldBe(3);

        var list = await (await w.Officer.GetAsync($"/api/v1/quizzes/banks?unionId={w.Org.DistrictA}")).JsonAsync();
        list.EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).ShouldContain(w.BankId);
    }

    [Fact]
    public async Task Bad_questions_are_refused_with_field_messages_and_nothing_is_stored()
    {
        var w = await QuizWorld.CreateAsync(app);
        var before = await app.QuizSnapshotAsync();
        var url = $"/api/v1/quizzes/banks/{w.BankId}/questions";
        (string Field, string Message, object Body)[] cases =
        [
            ("kind", "请选择题型（单选、多选或判断）", new { kind = "essay", text = "问答题", options = new[] { "a", "b" }, correct = new[] { 1 } }),
            ("options", "请填写2-8个选项，每个不超过100个字", new { kind = "single", text = "只有一个选项", options = new[] { "a" }, correct = new[] { 1 } }),
            ("options", "选项不能重复", new { kind = "single", text = "重复选项", options = new[] { "a", "a" }, correct = new[] { 1 } }),
            ("correct", "单选题和判断题须有且只有一个正确答案", new { kind = "single", text = "两个答案", options = new[] { "a", "b" }, correct = new[] { 1, 2 } }),
            ("correct", "正确答案须为已填写的选项", new { kind = "multiple", text = "答案越界", options = new[] { "a", "b" }, correct = new[] { 3 } }),
            ("correct", "请选择判断题的正确答案", new { kind = "true-false", text = "没有答案的判断题" }),
        ];
        foreach (var (field, message, body) in cases)
        {
            var response = await w.Officer.PostAsJsonAsync(url, body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            (await response.ReadProblemAsync()).FieldError(field).ShouldBe(message);
        }
        (await app.QuizSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Staff_of_another_subtree_get_404_and_a_viewer_gets_403()
    {
        var w = await QuizWorld.CreateAsync(app);
        var other = await app.StaffApiAsync(w.Org.OfficerB);
        (await other.GetAsync($"/api/v1/quizzes/banks/{w.BankId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/quizzes/{w.QuizId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/quizzes/{w.QuizId}/leaderboard")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/quizzes/banks/{w.BankId}/questions",
            new { kind = "true-false", text = "越权添加", correct = new[] { 1 } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/v1/quizzes", QuizKit.Quiz(w.Org.DistrictA, w.BankId))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var viewer = await app.StaffApiAsync(w.Org.ViewerA);
        (await viewer.GetAsync($"/api/v1/quizzes/banks/{w.BankId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsJsonAsync("/api/v1/quizzes", QuizKit.Quiz(w.Org.DistrictA, w.BankId))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The city sees the district's quiz (its subtree).
        var city = await app.StaffApiAsync(w.Org.CityOfficer);
        (await city.GetAsync($"/api/v1/quizzes/{w.QuizId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await (await city.GetAsync($"/api/v1/quizzes?unionId={w.Org.City}")).JsonAsync();
        list.EnumerateArray().Select(q => q.GetProperty("id").GetInt64()).ShouldContain(w.QuizId);
    }

    [Fact]
    public async Task Bad_quizzes_are_refused_and_nothing_is_published()
    {
        var w = await QuizWorld.CreateAsync(app);
        var before = await app.QuizSnapshotAsync();
        var otherBank = await (await app.StaffApiAsync(w.Org.OfficerB)).CreatedIdAsync("/api/v1/quizzes/banks", new { unionId = w.Org.DistrictB, name = "乙区题库" });
        before = await app.QuizSnapshotAsync();
        (string Field, string Message, object Body)[] cases =
        [
            ("timeLimitMinutes", "答题时限须为1-240分钟", QuizKit.Quiz(w.Org.DistrictA, w.BankId, minutes: 0)),
            ("maxAttempts", "答题次数须为1-10次", QuizKit.Quiz(w.Org.DistrictA, w.BankId, maxAttempts: 11)),
            ("passPercent", "及格线须为0-100分", QuizKit.Quiz(w.Org.DistrictA, w.BankId, passPercent: 101)),
            ("closesAt", "截止时间须晚于现在", QuizKit.Quiz(w.Org.DistrictA, w.BankId, opensAt: DateTimeOffset.UtcNow.AddDays(-2), closesAt: DateTimeOffset.UtcNow.AddDays(-1))),
            ("bankId", "请选择本工会的题库", QuizKit.Quiz(w.Org.DistrictA, otherBank)),
            ("questionIds", "所选题目须来自该题库且未停用", QuizKit.Quiz(w.Org.DistrictA, w.BankId, questionIds: [w.Questions[0], 999_999])),
        ];
        foreach (var (field, message, body) in cases)
        {
            var response = await w.Officer.PostAsJsonAsync("/api/v1/quizzes", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            (await response.ReadProblemAsync()).FieldError(field).ShouldBe(message);
        }
        (await app.QuizSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_fixed_list_of_questions_is_kept_in_order_and_retired_questions_are_not_drawn()
    {
        var w = await QuizWorld.CreateAsync(app);
        var fixedQuiz = await w.Officer.CreatedIdAsync("/api/v1/quizzes", QuizKit.Quiz(w.Org.DistrictA, w.BankId, questionIds: [w.Questions[2], w.Questions[0]]));
        (await w.Officer.DeleteAsync($"/api/v1/quizzes/banks/{w.BankId}/questions/{w.Questions[1]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var whole = await w.Officer.CreatedIdAsync("/api/v1/quizzes", QuizKit.Quiz(w.Org.DistrictA, w.BankId));

        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var paper = (await member.StartAsync(fixedQuiz)).GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetInt64()).ToList();
        paper.ShouldBe([w.Questions[2], w.Questions[0]]);
        var second = (await member.StartAsync(whole)).GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetInt64()).ToList();
        second.ShouldBe([w.Questions[0], w.Questions[2]]);
        // A quiz published before the question was retired keeps it.
        var original = (await member.StartAsync(w.QuizId)).GetProperty("questions").GetArrayLength();
        original.ShouldBe(3);
    }
}
