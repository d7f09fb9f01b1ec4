using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Quizzes;

/// <summary>A member with an API client.</summary>
internal sealed record QuizMember(long Id, string Phone, HttpClient Api);

/// <summary>
/// The member world plus a bank of district A's with three questions (single: 2 is right; multiple: 1 and 3; true/false: 正确)
/// and an open quiz of district A's over them (10 minutes, pass at 60).
/// </summary>
internal sealed record QuizWorld(MemberWorld Org, HttpClient Officer, long BankId, long[] Questions, long QuizId)
{
    public static async Task<QuizWorld> CreateAsync(UnionOneApp app, int maxAttempts = 1, int passPercent = 60, bool awardsPoints = true)
    {
        var org = await MemberWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(org.OfficerA);
        long bank;
        try
        {
            bank = await officer.CreatedIdAsync("/api/v1/quizzes/banks", new { unionId = org.DistrictA, name = "劳动法题库" });
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(app.Errors, e);
        }
        var q1 = await officer.CreatedIdAsync($"/api/v1/quizzes/banks/{bank}/questions",
            new { kind = "single", text = "劳动者每日工作时间不超过几小时？", options = new[] { "6小时", "8小时", "10小时" }, correct = new[] { 2 }, explanation = "劳动法第三十六条规定每日不超过八小时" });
        var q2 = await officer.CreatedIdAsync($"/api/v1/quizzes/banks/{bank}/questions",
            new { kind = "multiple", text = "下列哪些是法定休假节日？", options = new[] { "元旦", "公司年会", "春节" }, correct = new[] { 1, 3 }, explanation = "劳动法第四十条" });
        var q3 = await officer.CreatedIdAsync($"/api/v1/quizzes/banks/{bank}/questions",
            new { kind = "true-false", text = "禁止招用未满十六周岁的未成年人。", correct = new[] { 1 }, explanation = "劳动法第十五条" });
        var quiz = await officer.PublishQuizAsync(org.DistrictA, bank, maxAttempts: maxAttempts, passPercent: passPercent, awardsPoints: awardsPoints);
        return new QuizWorld(org, officer, bank, [q1, q2, q3], quiz);
    }

    /// <summary>All three right.</summary>
    public object[] RightAnswers => [new { questionId = Questions[0], choices = new[] { 2 } }, new { questionId = Questions[1], choices = new[] { 1, 3 } },
        new { questionId = Questions[2], choices = new[] { 1 } }];

    /// <summary>Only the first right (33%).</summary>
    public object[] OneRight => [new { questionId = Questions[0], choices = new[] { 2 } }, new { questionId = Questions[1], choices = new[] { 1 } },
        new { questionId = Questions[2], choices = new[] { 2 } }];
}

internal static class QuizKit
{
    public static async Task<long> CreatedIdAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static object Quiz(long unionId, long bankId, int maxAttempts = 1, int passPercent = 60, bool awardsPoints = true, int minutes = 10,
        DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null, long[]? questionIds = null, string title = "劳动法知识竞赛") =>
        new
        {
            unionId, bankId, title, description = "测试竞赛", questionIds, timeLimitMinutes = minutes, maxAttempts, passPercent, awardsPoints,
            opensAt = opensAt ?? DateTimeOffset.UtcNow.AddMinutes(-5), closesAt = closesAt ?? DateTimeOffset.UtcNow.AddDays(7),
        };

    public static Task<long> PublishQuizAsync(this HttpClient staff, long unionId, long bankId, int maxAttempts = 1, int passPercent = 60, bool awardsPoints = true) =>
        staff.CreatedIdAsync("/api/v1/quizzes", Quiz(unionId, bankId, maxAttempts, passPercent, awardsPoints));

    public static async Task<QuizMember> QuizMemberAsync(this UnionOneApp app, long unionId)
    {
        var phone = MemberTestData.Phone();
        var (id, _) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber("331002"), phone);
        return new QuizMember(id, phone, app.MemberApi(phone, id));
    }

    public static async Task<JsonElement> StartAsync(this QuizMember member, long quizId)
    {
        var response = await member.Api.PostAsync($"/api/v1/quizzes/me/{quizId}/attempts", null);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> SubmitAsync(this QuizMember member, long attemptId, object[] answers) =>
        member.Api.PostAsJsonAsync($"/api/v1/quizzes/me/attempts/{attemptId}/submit", new { answers });

    public static async Task<JsonElement> SubmittedAsync(this QuizMember member, long attemptId, object[] answers)
    {
        var response = await member.SubmitAsync(attemptId, answers);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<long> ScalarAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public static async Task ExecAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary>Everything a refused quiz request must leave unchanged.</summary>
    public static async Task<string> QuizSnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'banks:' || count(*) from quizzes.banks
            union all select 'questions:' || count(*) from quizzes.questions
            union all select 'quizzes:' || count(*) from quizzes.quizzes
            union all select 'attempts:' || coalesce(string_agg(id || '=' || status || '/' || coalesce(score, -1), ',' order by id), '') from quizzes.attempts
            union all select 'answers:' || count(*) from quizzes.answers
            union all select 'awards:' || count(*) from points.awards
            """);
        return string.Join('\n', parts);
    }
}
