using System.Net;
using System.Net.Http.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Activities;

public sealed class CheckInTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Check_in_by_member_code_marks_attendance_once_and_awards_points()
    {
        var w = await ActivityWorld.CreateAsync(app);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("insert into points.rules (union_id, kind, points) values (@city, 1, 20) on conflict do nothing", new { city = w.Org.City });
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 1, b => b["pointsOnCheckIn"] = true);
        var a = await app.MemberAsync(w.Org.FactoryA);
        var b = await app.MemberAsync(w.Org.FactoryA);
        var stranger = await app.MemberAsync(w.Org.FactoryA);
        await a.Api.SignedUpAsync(id);
        await b.Api.SignedUpAsync(id);

        var code = await app.CodeAsync(a);
        var ok = await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/check-ins", new { code });
        var body = await ok.Content.ReadAsStringAsync();
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, body + app.Errors);
        var result = await ok.JsonAsync();
        result.GetProperty("memberNo").GetString().ShouldBe(a.MemberNo);
        result.GetProperty("points").GetInt64().ShouldBe(20);
        (await app.SignupsAsync(id)).ShouldBe([(a.Id, (short)4), (b.Id, (short)2)]);

        // The same code again (a replayed screenshot) is refused; a waitlisted member and a stranger cannot check in.
        (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/check-ins", new { code })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/check-ins", new { code = await app.CodeAsync(b) })).ConflictAsync())
            .ShouldBe("该会员在候补名单中，尚未获得名额");
        (await (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/check-ins", new { code = await app.CodeAsync(stranger) })).ConflictAsync())
            .ShouldBe("该会员未报名此活动");
        (await (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/check-ins", new { code = "forged" })).ConflictAsync()).ShouldNotBeNullOrWhiteSpace();
        (await app.CountAsync("select count(*) from points.awards where member_id = @id", new { id = a.Id })).ShouldBe(1);

        var turnout = await (await w.OfficerA.GetAsync($"/api/v1/activities/{id}/turnout")).JsonAsync();
        turnout.GetProperty("signedUp").GetInt32().ShouldBe(1);
        turnout.GetProperty("attended").GetInt32().ShouldBe(1);
        turnout.GetProperty("waitlisted").GetInt32().ShouldBe(1);
        turnout.GetProperty("byUnion")[0].GetProperty("unionId").GetInt64().ShouldBe(w.Org.FactoryA);
    }

    [Fact]
    public async Task Staff_record_attendance_by_hand_list_export_and_message()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 5);
        var a = await app.MemberAsync(w.Org.FactoryA);
        var b = await app.MemberAsync(w.Org.RidersA);
        var sa = (await a.Api.SignedUpAsync(id)).GetProperty("id").GetInt64();
        await b.Api.SignedUpAsync(id);

        (await w.OfficerA.PostAsync($"/api/v1/activities/{id}/signups/{sa}/attendance", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await w.OfficerA.PostAsync($"/api/v1/activities/{id}/signups/{sa}/attendance", null)).ConflictAsync()).ShouldStartWith("该会员已于");

        var list = await (await w.OfficerA.GetAsync($"/api/v1/activities/{id}/signups")).JsonAsync();
        list.GetArrayLength().ShouldBe(2);
        list.EnumerateArray().Select(e => e.GetProperty("memberNo").GetString()).ShouldBe([a.MemberNo, b.MemberNo], ignoreOrder: true);

        var before = await app.CountAsync("select count(*) from audit.entries where action = 'activity.export-signups'");
        var file = await w.OfficerA.GetAsync($"/api/v1/activities/{id}/signups/export");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Headers.GetValues("X-Row-Count").Single().ShouldBe("2");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(await file.Content.ReadAsByteArrayAsync()), false))
        {
            var rows = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
            rows[0].Take(2).ShouldBe(["会员号", "姓名"]);
            rows.Skip(1).Select(r => r[0]).ShouldBe([a.MemberNo, b.MemberNo], ignoreOrder: true);
            workbook.WorkbookPart.Workbook.Descendants<Sheet>().Single().Name!.Value.ShouldBe("报名名单");
        }
        (await app.CountAsync("select count(*) from audit.entries where action = 'activity.export-signups'")).ShouldBe(before + 1);

        var sent = await (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/messages", new { text = "明晚七点准时开始，请提前十分钟到场。", includeWaitlist = false })).JsonAsync();
        sent.GetProperty("sent").GetInt32().ShouldBe(2);
        (await app.CountAsync("select count(*) from messaging.sms_outbox where body like '%请提前十分钟到场%'")).ShouldBeGreaterThanOrEqualTo(2);
        (await (await w.OfficerA.PostAsJsonAsync($"/api/v1/activities/{id}/messages", new { text = "" })).FieldProblemAsync("text")).ShouldBe("短信内容应为2至300字");
    }
}
