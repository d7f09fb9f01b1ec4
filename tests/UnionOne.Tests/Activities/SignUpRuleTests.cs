using System.Net;
using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Activities;

public sealed class SignUpRuleTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private async Task<long> SignupCountAsync(long activityId) =>
        await app.CountAsync("select count(*) from activities.signups where activity_id = @activityId", new { activityId });

    [Fact]
    public async Task Sign_up_after_the_window_is_refused_and_nothing_changes()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update activities.activities set signup_opens_at = now() - interval '2 days', signup_closes_at = now() - interval '1 hour' where id = @id", new { id });
        var member = await app.MemberAsync(w.Org.FactoryA);
        (await (await member.Api.SignUpAsync(id)).ConflictAsync()).ShouldStartWith("报名已截止");
        (await SignupCountAsync(id)).ShouldBe(0);
        (await app.CountAsync("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(0);
    }

    [Fact]
    public async Task Sign_up_before_the_window_opens_is_refused()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, change: b => b["signupOpensAt"] = DateTimeOffset.UtcNow.AddHours(3));
        var member = await app.MemberAsync(w.Org.FactoryA);
        (await (await member.Api.SignUpAsync(id)).ConflictAsync()).ShouldStartWith("报名尚未开始");
        (await SignupCountAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_member_outside_the_audience_is_not_eligible()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA);
        var outsider = await app.MemberAsync(w.Org.SchoolB);
        // Another union's member does not see the activity: 404, as for no activity (existence is not shown across unions).
        var refused = await outsider.Api.SignUpAsync(id);
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound, await refused.Content.ReadAsStringAsync());
        (await SignupCountAsync(id)).ShouldBe(0);
        (await outsider.Api.GetAsync($"/api/v1/activities/for-me/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await outsider.Api.GetAsync("/api/v1/activities/for-me")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldNotContain(id);
    }

    [Fact]
    public async Task Tags_and_job_types_narrow_the_audience_and_the_list()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var riders = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, change: b => b["targetJobTypes"] = new[] { (int)JobType.Rider });
        var models = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, change: b => b["targetTags"] = new[] { "劳模" });
        var rider = await app.MemberAsync(w.Org.RidersA, JobType.Rider);
        var model = await app.MemberAsync(w.Org.FactoryA, JobType.Worker, ["劳模"]);

        (await (await model.Api.SignUpAsync(riders)).ConflictAsync()).ShouldBe("您不在该活动的报名范围内（仅限外卖骑手报名）");
        (await (await rider.Api.SignUpAsync(models)).ConflictAsync()).ShouldBe("您不在该活动的报名范围内（仅限劳模报名）");
        (await rider.Api.SignUpAsync(riders)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await model.Api.SignUpAsync(models)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var riderList = (await (await rider.Api.GetAsync("/api/v1/activities/for-me")).JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        riderList.ShouldContain(riders);
        riderList.ShouldNotContain(models);
    }

    [Fact]
    public async Task Signing_up_twice_is_refused_and_leaves_one_sign_up()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA);
        var member = await app.MemberAsync(w.Org.FactoryA);
        await member.Api.SignedUpAsync(id);
        (await (await member.Api.SignUpAsync(id)).ConflictAsync()).ShouldBe("您已报名该活动，请勿重复报名");
        (await SignupCountAsync(id)).ShouldBe(1);
        (await app.CountAsync("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task A_child_outside_the_age_range_is_refused_and_nothing_changes()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var body = ActivityTestKit.Body(w.Org.DistrictA, kind: 4);
        body["childMinAge"] = 6;
        body["childMaxAge"] = 12;
        var id = await w.OfficerA.CreateActivityAsync(body);
        var member = await app.MemberAsync(w.Org.FactoryA);
        (await (await member.Api.SignUpAsync(id, new { childName = "小明", childAge = 4 })).FieldProblemAsync("childAge")).ShouldBe("孩子年龄须在6至12岁之间");
        (await (await member.Api.SignUpAsync(id, new { childAge = 8 })).FieldProblemAsync("childName")).ShouldBe("请填写孩子的姓名（不超过20字）");
        (await SignupCountAsync(id)).ShouldBe(0);
        var ok = await member.Api.SignedUpAsync(id, new { childName = "小明", childAge = 8 });
        ok.GetProperty("childAge").GetInt32().ShouldBe(8);
    }

    [Fact]
    public async Task Questions_must_be_answered_and_family_members_take_seats()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 3, b =>
        {
            b["questions"] = new[] { "您的工种？" };
            b["maxFamily"] = 2;
            b["familyCounts"] = true;
        });
        var a = await app.MemberAsync(w.Org.FactoryA);
        var b = await app.MemberAsync(w.Org.FactoryA);
        (await (await a.Api.SignUpAsync(id, new { familyCount = 2 })).FieldProblemAsync("answers[0]")).ShouldBe("请回答：您的工种？");
        (await (await a.Api.SignUpAsync(id, new { familyCount = 3, answers = new[] { "钳工" } })).FieldProblemAsync("familyCount")).ShouldBe("随行家属最多2人");
        var first = await a.Api.SignedUpAsync(id, new { familyCount = 2, answers = new[] { "钳工" } });
        first.GetProperty("status").GetString().ShouldBe("confirmed");
        first.GetProperty("seats").GetInt32().ShouldBe(3);
        var second = await b.Api.SignedUpAsync(id, new { answers = new[] { "电工" } });
        second.GetProperty("status").GetString().ShouldBe("waitlisted");
        (await app.CountAsync("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(3);
    }

    [Fact]
    public async Task A_cancel_promotes_the_waitlist_in_order_in_the_same_transaction()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 1);
        var a = await app.MemberAsync(w.Org.FactoryA);
        var b = await app.MemberAsync(w.Org.FactoryA);
        var c = await app.MemberAsync(w.Org.FactoryA);
        var sa = (await a.Api.SignedUpAsync(id)).GetProperty("id").GetInt64();
        (await b.Api.SignedUpAsync(id)).GetProperty("waitlistPosition").GetInt32().ShouldBe(1);
        (await c.Api.SignedUpAsync(id)).GetProperty("waitlistPosition").GetInt32().ShouldBe(2);

        var cancelled = await (await a.Api.PostAsync($"/api/v1/activities/sign-ups/{sa}/cancel", null)).JsonAsync();
        cancelled.GetProperty("status").GetString().ShouldBe("cancelled");
        (await app.SignupsAsync(id)).ShouldBe([(a.Id, (short)3), (b.Id, (short)1), (c.Id, (short)2)]);
        (await app.CountAsync("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(1);
        (await app.CountAsync("select count(*) from messaging.sms_outbox where body like '%候补已转为正式报名%' and created_at > now() - interval '1 minute'"))
            .ShouldBeGreaterThanOrEqualTo(1);

        // A cancels again: refused; A may sign up again and queues behind C.
        (await (await a.Api.PostAsync($"/api/v1/activities/sign-ups/{sa}/cancel", null)).ConflictAsync()).ShouldBe("该报名已取消");
        (await a.Api.SignedUpAsync(id)).GetProperty("waitlistPosition").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Cancelling_after_the_deadline_is_refused()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA);
        var member = await app.MemberAsync(w.Org.FactoryA);
        var signup = (await member.Api.SignedUpAsync(id)).GetProperty("id").GetInt64();
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update activities.activities set signup_opens_at = now() - interval '2 days', signup_closes_at = now() - interval '1 minute' where id = @id", new { id });
        (await (await member.Api.PostAsync($"/api/v1/activities/sign-ups/{signup}/cancel", null)).ConflictAsync()).ShouldStartWith("已过取消截止时间");
        (await app.SignupsAsync(id)).ShouldBe([(member.Id, (short)1)]);
    }

    [Fact]
    public async Task Staff_cancelling_the_activity_cancels_every_sign_up()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 1);
        var a = await app.MemberAsync(w.Org.FactoryA);
        var b = await app.MemberAsync(w.Org.FactoryA);
        await a.Api.SignedUpAsync(id);
        await b.Api.SignedUpAsync(id);
        (await w.OfficerA.PostAsync($"/api/v1/activities/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.SignupsAsync(id)).ShouldAllBe(s => s.Status == 3);
        (await app.CountAsync("select seats_taken from activities.activities where id = @id", new { id })).ShouldBe(0);
        (await (await a.Api.SignUpAsync(id)).ConflictAsync()).ShouldBe("该活动已取消");
    }
}
