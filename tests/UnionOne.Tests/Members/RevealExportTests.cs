using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class RevealExportTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Reveal_returns_the_value_and_writes_an_audit_entry()
    {
        var world = await MemberWorld.CreateAsync(app);
        var idNumber = MemberTestData.IdNumber();
        var phone = MemberTestData.Phone();
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "谢飞", idNumber, phone);
        var staff = await app.StaffApiAsync(world.OfficerA);

        var id = await staff.PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "idNumber" });
        id.StatusCode.ShouldBe(HttpStatusCode.OK, await id.Content.ReadAsStringAsync() + app.Errors);
        (await id.JsonAsync()).GetProperty("value").GetString().ShouldBe(idNumber);
        var ph = await staff.PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "phone" });
        (await ph.JsonAsync()).GetProperty("value").GetString().ShouldBe(phone);

        (await app.CountAsync("select count(*) from audit.entries where action = @a and subject_id = @s and actor_id = @staff and union_id = @u",
            new { a = AuditActions.RevealIdNumber, s = memberId.ToString(), staff = world.OfficerA, u = world.FactoryA })).ShouldBe(1);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and subject_id = @s", new { a = AuditActions.RevealPhone, s = memberId.ToString() })).ShouldBe(1);
        // The audit log never holds the value itself.
        (await app.CountAsync("select count(*) from audit.entries where detail::text like '%' || @v || '%'", new { v = idNumber })).ShouldBe(0);
        app.Logs.Lines.ShouldNotContain(l => l.Contains(idNumber) || l.Contains(phone));

        (await staff.PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "address" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Outside_the_subtree_reveal_is_404_and_a_viewer_gets_403_with_no_audit()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "邓超", MemberTestData.IdNumber(), MemberTestData.Phone());
        var before = await app.CountAsync("select count(*) from audit.entries");

        var outsider = await (await app.StaffApiAsync(world.OfficerB)).PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "idNumber" });
        outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A viewer may already read the (masked) member, so 403 leaks nothing and says what is wrong.
        var viewerClient = await app.StaffApiAsync(world.ViewerA);
        (await viewerClient.GetAsync($"/api/v1/members/{memberId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var viewer = await viewerClient.PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "phone" });
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await app.CountAsync("select count(*) from audit.entries")).ShouldBe(before);
    }

    [Fact]
    public async Task Export_is_a_valid_xlsx_with_masked_values_and_an_audit_entry()
    {
        var world = await MemberWorld.CreateAsync(app);
        var ids = new List<string>();
        var phones = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(MemberTestData.IdNumber());
            phones.Add(MemberTestData.Phone());
            await app.InsertMemberAsync(world.FactoryA, "姚" + "甲乙丙"[i] + "兵", ids[i], phones[i], tags: i == 0 ? ["劳模", "工匠"] : null);
        }
        await app.InsertMemberAsync(world.SchoolB, "姚老师", MemberTestData.IdNumber(), MemberTestData.Phone());
        var staff = await app.StaffApiAsync(world.OfficerA);

        var response = await staff.GetAsync("/api/v1/members/export?q=" + Uri.EscapeDataString("姚"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + app.Errors);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        rows.Count.ShouldBe(4);
        rows[0].ShouldContain("身份证号");
        rows.Skip(1).Select(r => r[1]).ShouldBe(["姚丙兵", "姚乙兵", "姚甲兵"]);
        var text = string.Join("|", rows.SelectMany(r => r));
        foreach (var id in ids)
        {
            text.ShouldNotContain(id);
            text.ShouldContain(id[..6] + "********" + id[^4..]);
        }
        foreach (var phone in phones) text.ShouldNotContain(phone);
        text.ShouldContain("劳模、工匠");
        text.ShouldNotContain("姚老师");

        await using var conn = await app.OpenAsync();
        var detail = await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn,
            "select detail::text from audit.entries where action = @a and actor_id = @staff", new { a = AuditActions.ExportMembers, staff = world.OfficerA });
        detail.ShouldNotBeNull();
        detail.ShouldContain("\"rows\": 3");
        detail.ShouldContain("姚");
    }

    [Fact]
    public async Task A_viewer_may_not_export_and_no_audit_is_written()
    {
        var world = await MemberWorld.CreateAsync(app);
        var viewer = await app.StaffApiAsync(world.ViewerA);
        (await viewer.GetAsync("/api/v1/members/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetAsync($"/api/v1/members/export?unionId={world.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(world.OfficerB)).GetAsync($"/api/v1/members/export?unionId={world.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and actor_id in (@v, @b)",
            new { a = AuditActions.ExportMembers, v = world.ViewerA, b = world.OfficerB })).ShouldBe(0);
    }

    [Fact]
    public async Task Export_filter_in_the_audit_log_has_no_phone_in_clear()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        await app.InsertMemberAsync(world.FactoryA, "龚平", MemberTestData.IdNumber(), phone);
        var response = await (await app.StaffApiAsync(world.OfficerA)).GetAsync("/api/v1/members/export?phone=" + phone);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and detail::text like '%' || @p || '%'", new { a = AuditActions.ExportMembers, p = phone })).ShouldBe(0);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and detail::text like '%\"rows\": 1%'", new { a = AuditActions.ExportMembers })).ShouldBe(1);
    }
}
