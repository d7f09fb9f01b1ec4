using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Quizzes;

namespace UnionOne.Tests.Polls;

/// <summary>The member world plus an open poll of district A's: four options, up to two choices, results live.</summary>
internal sealed record PollWorld(MemberWorld Org, HttpClient Officer, long PollId)
{
    public static async Task<PollWorld> CreateAsync(UnionOneApp app, int maxChoices = 2, string visibility = "live")
    {
        var org = await MemberWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(org.OfficerA);
        var poll = await officer.CreatedIdAsync("/api/v1/polls", PollKit.Poll(org.DistrictA, maxChoices: maxChoices, visibility: visibility));
        return new PollWorld(org, officer, poll);
    }
}

internal static class PollKit
{
    public static object Poll(long unionId, string[]? options = null, int maxChoices = 2, string visibility = "live", DateTimeOffset? opensAt = null,
        DateTimeOffset? closesAt = null, string question = "您最希望举办哪类活动？") =>
        new
        {
            unionId, question, description = "测试投票", options = options ?? ["技能培训", "电影之夜", "亲子活动", "健步走"], maxChoices,
            resultsVisibility = visibility, opensAt = opensAt ?? DateTimeOffset.UtcNow.AddMinutes(-5), closesAt = closesAt ?? DateTimeOffset.UtcNow.AddDays(7),
        };

    public static Task<HttpResponseMessage> VoteAsync(this QuizMember member, long pollId, params int[] choices) =>
        member.Api.PostAsJsonAsync($"/api/v1/polls/me/{pollId}/ballot", new { choices });

    public static async Task<JsonElement> VotedAsync(this QuizMember member, long pollId, params int[] choices)
    {
        var response = await member.VoteAsync(pollId, choices);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> PollSnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'polls:' || count(*) from polls.polls
            union all select 'options:' || count(*) from polls.options
            union all select 'ballots:' || coalesce(string_agg(poll_id || '/' || member_id || '=' || array_to_string(choices, '+'), ',' order by id), '') from polls.ballots
            """);
        return string.Join('\n', parts);
    }
}
