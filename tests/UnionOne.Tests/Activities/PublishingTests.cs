using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Activities;

public sealed class PublishingTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Staff_publish_an_activity_and_staff_of_another_district_get_404()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 30);
        var view = await (await w.OfficerA.GetAsync($"/api/v1/activities/{id}")).JsonAsync();
        view.GetProperty("status").GetString().ShouldBe("published");
        view.GetProperty("capacity").GetInt32().ShouldBe(30);
        view.GetProperty("kindLabel").GetString().ShouldBe("达工影院");

        var other = await app.StaffApiAsync(w.Org.OfficerB);
        (await other.GetAsync($"/api/v1/activities/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/v1/activities/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/activities/{id}/signups")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/v1/activities", ActivityTestKit.Body(w.Org.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.Org.CityOfficer)).GetAsync($"/api/v1/activities/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_draft_is_not_visible_to_members_until_published()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var body = ActivityTestKit.Body(w.Org.DistrictA, publish: false);
        var id = await w.OfficerA.CreateActivityAsync(body);
        var member = await app.MemberAsync(w.Org.FactoryA);
        (await member.Api.GetAsync($"/api/v1/activities/for-me/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await member.Api.SignUpAsync(id)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await w.OfficerA.PostAsync($"/api/v1/activities/{id}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.Api.SignUpAsync(id)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await w.OfficerA.PostAsync($"/api/v1/activities/{id}/publish", null)).ConflictAsync()).ShouldBe("只有草稿可以发布");
    }

    [Fact]
    public async Task Capacity_zero_is_refused_with_a_field_error_and_nothing_is_stored()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var before = await app.CountAsync("select count(*) from activities.activities");
        var body = ActivityTestKit.Body(w.Org.DistrictA, capacity: 0);
        (await (await w.OfficerA.PostAsJsonAsync("/api/v1/activities", body)).FieldProblemAsync("capacity")).ShouldBe("名额必须大于0");
        (await app.CountAsync("select count(*) from activities.activities")).ShouldBe(before);
    }

    [Fact]
    public async Task A_start_time_in_the_past_is_refused_and_nothing_is_stored()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var before = await app.CountAsync("select count(*) from activities.activities");
        var body = ActivityTestKit.Body(w.Org.DistrictA);
        body["startsAt"] = DateTimeOffset.UtcNow.AddHours(-2);
        body["endsAt"] = DateTimeOffset.UtcNow.AddHours(1);
        body["signupClosesAt"] = DateTimeOffset.UtcNow.AddHours(-3);
        var response = await w.OfficerA.PostAsJsonAsync("/api/v1/activities", body);
        (await response.FieldProblemAsync("startsAt")).ShouldBe("开始时间不能早于现在");
        (await app.CountAsync("select count(*) from activities.activities")).ShouldBe(before);
    }

    [Fact]
    public async Task Sign_up_closing_after_the_start_and_targets_outside_the_subtree_are_refused()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var before = await app.CountAsync("select count(*) from activities.activities");
        var late = ActivityTestKit.Body(w.Org.DistrictA);
        late["signupClosesAt"] = ((DateTimeOffset)late["startsAt"]!).AddHours(1);
        (await (await w.OfficerA.PostAsJsonAsync("/api/v1/activities", late)).FieldProblemAsync("signupClosesAt")).ShouldBe("报名截止时间不能晚于活动开始时间");

        var outside = ActivityTestKit.Body(w.Org.DistrictA);
        outside["targetUnionIds"] = new[] { w.Org.SchoolB };
        (await (await w.OfficerA.PostAsJsonAsync("/api/v1/activities", outside)).FieldProblemAsync("targetUnionIds")).ShouldBe("所选工会不在发布工会的管辖范围内");

        var childcare = ActivityTestKit.Body(w.Org.DistrictA, kind: 4);
        (await (await w.OfficerA.PostAsJsonAsync("/api/v1/activities", childcare)).FieldProblemAsync("childMinAge")).ShouldBe("暑期托管须填写孩子的年龄范围");
        (await app.CountAsync("select count(*) from activities.activities")).ShouldBe(before);
    }

    [Fact]
    public async Task A_viewer_may_look_but_not_publish()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var viewer = await app.StaffApiAsync(w.Org.ViewerA);
        (await viewer.PostAsJsonAsync("/api/v1/activities", ActivityTestKit.Body(w.Org.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA);
        (await viewer.GetAsync($"/api/v1/activities/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsync($"/api/v1/activities/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
