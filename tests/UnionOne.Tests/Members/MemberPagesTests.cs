using System.Net;
using Dapper;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

/// <summary>The phone-first member pages: join, my requests, member card.</summary>
public sealed class MemberPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Join_page_needs_sign_in()
    {
        var response = await app.Anonymous().GetAsync("/join/ABCDEFGH");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/m/sign-in");
    }

    [Fact]
    public async Task Join_by_page_then_approve_by_console_page_then_the_card_shows_the_member()
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber(male: false);
        var worker = app.MemberPages(phone);

        var form = await worker.GetStringAsync($"/join/{code}");
        form.ShouldContain("甲区机械厂工会");
        form.ShouldContain("外卖骑手");
        var card = await worker.GetStringAsync("/m/card");
        card.ShouldContain("您还不是会员");
        card.ShouldContain("href=\"/join\"");

        var posted = await worker.PostFormAsync($"/join/{code}", "join",
        [
            F("Model.Name", "林小红"), F("Model.IdNumber", idNumber), F("Model.Phone", phone), F("Model.JobType", "Worker"), F("Model.EmployerName", "甲区机械厂"),
        ]);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync() + app.Errors);
        posted.Headers.Location!.AbsolutePath.ShouldBe("/m/requests");
        var requests = await worker.GetStringAsync(posted.Headers.Location!.PathAndQuery);
        requests.ShouldContain("待审核");
        requests.ShouldContain(idNumber[..6] + "********" + idNumber[^4..]);
        requests.ShouldNotContain(idNumber);
        var requestId = await app.CountAsync("select id from members.join_requests where union_id = @u", new { u = world.FactoryA });

        // The officer approves on /console/joins.
        var console = await app.StaffPagesAsync(world.OfficerA);
        var joins = await console.GetStringAsync("/console/joins");
        joins.ShouldContain("林小红");
        joins.ShouldNotContain(idNumber);
        var approved = await console.PostFormAsync("/console/joins", "decide", [F("approve", requestId.ToString())]);
        var html = await approved.Content.ReadAsStringAsync();
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("已批准入会");
        var memberNo = await ScalarAsync<string>("select member_no from members.members where union_id = @u", new { u = world.FactoryA });
        html.ShouldContain(memberNo);

        // The same session (no member id in its cookie) now sees the card.
        card = await worker.GetStringAsync("/m/card");
        card.ShouldContain("林小红");
        card.ShouldContain("甲区机械厂工会");
        card.ShouldContain(memberNo);
        card.ShouldContain("在会");
        card.ShouldContain(DateTime.UtcNow.AddHours(8).ToString("yyyy年M月d日"));
        card.ShouldContain(idNumber[..6] + "********" + idNumber[^4..]);
        card.ShouldNotContain(idNumber);
        (await worker.GetStringAsync("/join")).ShouldContain("您已是「");

        // English when chosen.
        var english = await worker.GetStringAsync("/m/card?culture=en");
        english.ShouldContain("Joined on");
        english.ShouldContain("Active");
        // The language switch returns to this very page (the card is rendered outside the router: see ComponentDocument).
        english.ShouldContain("href=\"/culture/zh-CN?returnUrl=%2Fm%2Fcard%3Fculture%3Den\"");
    }

    [Fact]
    public async Task Join_page_shows_field_errors_in_chinese_and_files_nothing()
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var phone = MemberTestData.Phone();
        var good = MemberTestData.IdNumber();
        var worker = app.MemberPages(phone);

        var posted = await worker.PostFormAsync($"/join/{code}", "join",
        [
            F("Model.Name", "<script>x</script>"), F("Model.IdNumber", good[..17] + (good[17] == '1' ? '2' : '1')), F("Model.Phone", MemberTestData.Phone()), F("Model.JobType", ""),
        ]);

        var html = await posted.Content.ReadAsStringAsync();
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("姓名只能包含汉字、字母和间隔号");
        html.ShouldContain("校验位错误");
        html.ShouldContain("手机号与登录手机号不一致");
        html.ShouldContain("请选择职业类型");
        html.ShouldNotContain("<script>x</script>");
        (await app.CountAsync("select count(*) from members.join_requests where union_id = @u", new { u = world.FactoryA })).ShouldBe(0);
    }

    [Fact]
    public async Task Join_page_without_a_code_routes_by_the_district_chosen()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var worker = app.MemberPages(phone);
        var page = await worker.GetStringAsync("/join");
        page.ShouldContain("单位尚未建会");
        page.ShouldContain($"value=\"{world.RegionB}\"");

        var posted = await worker.PostFormAsync("/join", "join",
        [
            F("Model.Name", "钟快递"), F("Model.IdNumber", MemberTestData.IdNumber()), F("Model.Phone", phone), F("Model.JobType", "快递员"),
            F("Model.EmployerName", "某快递网点"), F("Model.District", world.RegionB),
        ]);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        // District B has no industry federation: the courier goes to the district federation's pool.
        (await app.CountAsync("select count(*) from members.join_requests where union_id = @u and to_holding_pool", new { u = world.DistrictB })).ShouldBe(1);
    }

    [Fact]
    public async Task My_requests_page_shows_the_rejection_reason()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var filed = await app.JoinAsync(phone, new { name = "白雪", idNumber = MemberTestData.IdNumber(male: false), phone, jobType = "医护人员", joinCode = await app.JoinCodeAsync(world.SchoolB) });
        var requestId = (await filed.JsonAsync()).GetProperty("id").GetInt64();
        var console = await app.StaffPagesAsync(world.OfficerB);

        var rejected = await console.PostFormAsync("/console/joins", "decide", [F("reject", requestId.ToString()), F($"reason-{requestId}", "请通过本单位医院工会申请")]);
        (await rejected.Content.ReadAsStringAsync()).ShouldContain("已驳回该入会申请");

        var page = await app.MemberPages(phone).GetStringAsync("/m/requests");
        page.ShouldContain("未通过");
        page.ShouldContain("请通过本单位医院工会申请");
        (await app.CountAsync("select count(*) from audit.entries where action = @a", new { a = AuditActions.JoinRejected })).ShouldBe(1);
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }
}
