using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Activities;

/// <summary>The member world (city, districts A and B with staff) and district A's officer as an API client.</summary>
internal sealed record ActivityWorld(MemberWorld Org, HttpClient OfficerA)
{
    public static async Task<ActivityWorld> CreateAsync(UnionOneApp app)
    {
        var org = await MemberWorld.CreateAsync(app);
        return new ActivityWorld(org, await app.StaffApiAsync(org.OfficerA));
    }
}

internal static class ActivityTestKit
{
    /// <summary>A valid activity body: tomorrow 19:00-21:00 China time, sign-up open now until an hour before.</summary>
    public static Dictionary<string, object?> Body(long unionId, int capacity = 10, int kind = 3, bool publish = true)
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new Dictionary<string, object?>
        {
            ["unionId"] = unionId, ["kind"] = kind, ["title"] = TestActors.Unique("职工电影夜"), ["description"] = "每周五放映", ["startsAt"] = start,
            ["endsAt"] = start.AddHours(2), ["placeText"] = "工人文化宫影剧院", ["capacity"] = capacity, ["signupClosesAt"] = start.AddHours(-1),
            ["publish"] = publish,
        };
    }

    public static async Task<long> CreateActivityAsync(this HttpClient staff, Dictionary<string, object?> body)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/activities", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public static Task<long> CreateActivityAsync(this HttpClient staff, long unionId, int capacity = 10, Action<Dictionary<string, object?>>? change = null)
    {
        var body = Body(unionId, capacity);
        change?.Invoke(body);
        return staff.CreateActivityAsync(body);
    }

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient member, long activityId, object? body = null) =>
        member.PostAsJsonAsync($"/api/v1/activities/{activityId}/sign-up", body ?? new { });

    public static async Task<JsonElement> SignedUpAsync(this HttpClient member, long activityId, object? body = null)
    {
        var response = await member.SignUpAsync(activityId, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static async Task<string> ConflictAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
    }

    public static async Task<string> FieldProblemAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString() ?? "";
    }

    public static async Task<long> CountAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Sign-ups of the activity as (member, status) in sign-up order.</summary>
    public static async Task<List<(long MemberId, short Status)>> SignupsAsync(this UnionOneApp app, long activityId)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.QueryAsync<(long, short)>("select member_id, status from activities.signups where activity_id = @activityId order by id", new { activityId })).ToList();
    }

    public static async Task<string> CodeAsync(this UnionOneApp app, TestMember member)
    {
        var m = (await app.Service<IMemberDirectory>().FindAsync(member.Id))!;
        return (await app.Service<IMemberCodeIssuer>().IssueAsync(m.Id, m.UnionId, m.Name, true)).Text!;
    }

    public static Task<TestMember> MemberAsync(this UnionOneApp app, long unionId, JobType jobType = JobType.Worker, string[]? tags = null) =>
        jobType == JobType.Worker && tags is null ? app.NewMemberAsync(unionId) : NewAsync(app, unionId, jobType, tags);

    private static async Task<TestMember> NewAsync(UnionOneApp app, long unionId, JobType jobType, string[]? tags)
    {
        var phone = MemberTestData.Phone();
        var (id, no) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber(), phone, jobType, tags);
        return new TestMember(id, no, phone, app.MemberApi(phone, id));
    }
}
