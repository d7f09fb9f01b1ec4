using System.Net;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

/// <summary>The staff console's member pages: list with filters and export, detail with reveal, transfers.</summary>
public sealed class ConsolePagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Members_page_filters_masks_and_links_the_export()
    {
        var world = await MemberWorld.CreateAsync(app);
        var idNumber = MemberTestData.IdNumber();
        var phone = MemberTestData.Phone();
        await app.InsertMemberAsync(world.FactoryA, "范冰", idNumber, phone, tags: ["工匠"]);
        await app.InsertMemberAsync(world.FactoryA, "范伟", MemberTestData.IdNumber(), MemberTestData.Phone());
        var console = await app.StaffPagesAsync(world.OfficerA);

        var html = await console.GetStringAsync("/console/members?tag=" + Uri.EscapeDataString("工匠"));

        html.ShouldContain("范冰");
        html.ShouldNotContain("范伟");
        html.ShouldContain(idNumber[..6] + "********" + idNumber[^4..]);
        html.ShouldNotContain(idNumber);
        html.ShouldNotContain(phone);
        html.ShouldContain("/console/members/export?tag=");

        var export = await console.GetAsync("/console/members/export?tag=" + Uri.EscapeDataString("工匠"));
        export.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        export.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await app.CountAsync("select count(*) from audit.entries where action = @a and actor_id = @s", new { a = AuditActions.ExportMembers, s = world.OfficerA })).ShouldBe(1);

        (await console.GetStringAsync("/console/members?phone=123")).ShouldContain("手机号码应为11位");
    }

    [Fact]
    public async Task Detail_page_reveals_on_post_with_an_audit_entry_and_is_404_for_another_district()
    {
        var world = await MemberWorld.CreateAsync(app);
        var idNumber = MemberTestData.IdNumber();
        var phone = MemberTestData.Phone();
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, "潘石", idNumber, phone);
        var console = await app.StaffPagesAsync(world.OfficerA);

        var page = await console.GetStringAsync($"/console/members/{memberId}");
        page.ShouldContain(memberNo);
        page.ShouldContain("查看完整身份证号");
        page.ShouldNotContain(idNumber);
        // The mask shows the region code and the last four: the birth date (the eight in between) must not appear beside it.
        var birth = DateOnly.ParseExact(idNumber.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var text in new[] { idNumber.Substring(6, 8), birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), $"{birth.Year}年{birth.Month}月{birth.Day}日" })
        {
            page.ShouldNotContain(text);
            (await (await app.StaffApiAsync(world.OfficerA)).GetStringAsync($"/api/v1/members/{memberId}")).ShouldNotContain(text);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var age = today.Year - birth.Year - ((today.Month, today.Day).CompareTo((birth.Month, birth.Day)) < 0 ? 1 : 0);
        page.ShouldContain($"{age}岁");

        var revealed = await console.PostFormAsync($"/console/members/{memberId}", "reveal", [F("field", "idNumber")]);
        var html = await revealed.Content.ReadAsStringAsync();
        revealed.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain(idNumber);
        html.ShouldNotContain(phone);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and subject_id = @s", new { a = AuditActions.RevealIdNumber, s = memberId.ToString() })).ShouldBe(1);

        var viewerPage = await (await app.StaffPagesAsync(world.ViewerA)).GetStringAsync($"/console/members/{memberId}");
        viewerPage.ShouldContain("潘石");
        viewerPage.ShouldNotContain("查看完整身份证号");

        var outsiderClient = await app.StaffPagesAsync(world.OfficerB);
        var outsider = await outsiderClient.GetAsync($"/console/members/{memberId}");
        outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Content.ReadAsStringAsync()).ShouldNotContain("潘石");
        // Posting the reveal form anyway (with a valid token from a page they may see) reveals nothing and audits nothing.
        var token = PageForms.AntiforgeryToken(await outsiderClient.GetStringAsync("/console/transfers"));
        var forged = await outsiderClient.PostAsync($"/console/members/{memberId}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("_handler", "reveal"), new("field", "idNumber")]));
        forged.IsSuccessStatusCode.ShouldBeFalse();
        (await forged.Content.ReadAsStringAsync()).ShouldNotContain(idNumber);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and actor_id = @s", new { a = AuditActions.RevealIdNumber, s = world.OfficerB })).ShouldBe(0);
        app.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Detail_page_changes_status_and_tags()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "苏醒", MemberTestData.IdNumber(), MemberTestData.Phone());
        var console = await app.StaffPagesAsync(world.OfficerA);

        var saved = await console.PostFormAsync($"/console/members/{memberId}", "update", [F("status", "retired"), F("addTag", "劳模"), F("save", "1")]);

        var html = await saved.Content.ReadAsStringAsync();
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("已保存");
        html.ShouldContain("会籍状态变更");
        (await app.CountAsync("select count(*) from members.members where id = @memberId and status = 3 and tags = array['劳模']", new { memberId })).ShouldBe(1);
    }

    [Fact]
    public async Task Transfers_page_both_sides_act()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, "卢森", MemberTestData.IdNumber(), MemberTestData.Phone());
        var newSide = await app.StaffPagesAsync(world.OfficerB);
        var oldSide = await app.StaffPagesAsync(world.OfficerA);

        var requested = await newSide.PostFormAsync("/console/transfers", "create-transfer",
            [F("Create.MemberNo", memberNo), F("Create.MemberName", "卢森"), F("Create.ToUnion", world.SchoolB.ToString())]);
        var html = await requested.Content.ReadAsStringAsync();
        requested.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("已提交转入申请");
        var transferId = await app.CountAsync("select id from members.transfers where member_id = @memberId", new { memberId });

        (await oldSide.GetStringAsync("/console/transfers?direction=out")).ShouldContain("放行");
        (await (await oldSide.PostFormAsync("/console/transfers", "act", [F("release", transferId.ToString())])).Content.ReadAsStringAsync()).ShouldContain("已放行");
        var accepted = await (await newSide.PostFormAsync("/console/transfers", "act", [F("accept", transferId.ToString())])).Content.ReadAsStringAsync();
        accepted.ShouldContain("已接收");

        (await app.CountAsync("select union_id from members.members where id = @memberId", new { memberId })).ShouldBe(world.SchoolB);
    }
}
