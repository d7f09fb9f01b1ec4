using System.Net;
using System.Net.Http.Headers;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members.Import;

public sealed class ImportPageTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static async Task<HttpResponseMessage> UploadFromPageAsync(HttpClient client, long unionId, byte[] file, string fileName, string? token = null)
    {
        token ??= PageForms.AntiforgeryToken(await client.GetStringAsync("/console/imports"));
        var content = ImportFiles.Upload(unionId, file, fileName);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync("/console/imports/upload", content);
    }

    [Fact]
    public async Task Upload_from_the_console_shows_the_report_and_commit_inserts_the_valid_rows()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffPagesAsync(arr.Staff);
        var form = await client.GetStringAsync("/console/imports");
        form.ShouldContain(arr.UnionName);
        form.ShouldContain("/api/v1/member-imports/template.xlsx");
        var good = ImportFiles.NextPerson();
        var file = ImportFiles.Xlsx([ImportFiles.Header,
            ["王小明", good.Id, good.Phone, "企业职工", "2024-03-01", null, null],
            ["李小红", ImportFiles.WrongCheck(ImportFiles.NextPerson().Id), "13912345678", "企业职工", "2024-03-01", null, null]]);

        var upload = await UploadFromPageAsync(client, arr.Union, file, "页面导入.xlsx");

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync() + app.Errors);
        var reportUrl = upload.Headers.Location!.ToString();
        reportUrl.ShouldStartWith("/console/imports/");
        var report = await client.GetStringAsync(reportUrl);
        report.ShouldContain("页面导入.xlsx");
        report.ShouldContain("身份证号码校验位错误，请核对后重新输入");
        report.ShouldContain("提交有效数据（1 行）");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(0);

        var commit = await client.PostFormAsync(reportUrl, "commit-import");

        commit.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.Errors);
        var done = await client.GetStringAsync(commit.Headers.Location!.ToString());
        done.ShouldContain("已提交：新增 1 名会员");
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(1);
        (await client.GetStringAsync("/console/imports")).ShouldContain("页面导入.xlsx");

        // The page no longer offers the commit; a forged second post changes nothing.
        done.ShouldNotContain("提交有效数据");
        var token = PageForms.AntiforgeryToken(await client.GetStringAsync("/console/imports"));
        await client.PostFormWithTokenAsync(reportUrl, "commit-import", token);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(1);
    }

    [Fact]
    public async Task A_file_that_is_not_Excel_goes_back_to_the_form_with_the_reason()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffPagesAsync(arr.Staff);

        var upload = await UploadFromPageAsync(client, arr.Union, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "照片.xlsx");

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var back = upload.Headers.Location!.ToString();
        back.ShouldStartWith("/console/imports?");
        (await client.GetStringAsync(back)).ShouldContain("文件不是有效的 Excel（.xlsx）或 CSV 文件");
        // The message travels protected: a hand-made link cannot put other text on the page.
        (await client.GetStringAsync("/console/imports?error=%E4%BD%A0%E5%A5%BD")).ShouldNotContain("你好");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports where union_id = @Union", arr)).ShouldBe(0);
    }

    [Fact]
    public async Task Upload_without_the_antiforgery_token_is_refused()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffPagesAsync(arr.Staff);
        var p = ImportFiles.NextPerson();

        var response = await client.PostAsync("/console/imports/upload",
            ImportFiles.Upload(arr.Union, ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]), "a.xlsx"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports where union_id = @Union", arr)).ShouldBe(0);
    }

    [Fact]
    public async Task Staff_of_another_district_neither_see_the_union_nor_the_report()
    {
        var arr = await app.ArrangeAsync();
        var other = await app.CreateUnionAsync(TestActors.Unique("路桥区总工会"), UnionLevel.County, arr.City, "331004");
        var outsider = await app.CreateStaffAsync(TestActors.Unique("luqiao"), "Passw0rd!x", (other, StaffRole.Officer));
        var p = ImportFiles.NextPerson();
        var api = await app.StaffApiAsync(arr.Staff);
        var summary = await api.UploadOkAsync(app, arr.Union, ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]), "a.xlsx");
        var client = await app.StaffPagesAsync(outsider);

        (await client.GetStringAsync("/console/imports")).ShouldNotContain(arr.UnionName);
        var report = await client.GetAsync($"/console/imports/{summary.ImportId}");
        report.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var upload = await UploadFromPageAsync(client, arr.Union, ImportFiles.Xlsx([ImportFiles.Header]), "a.xlsx");
        upload.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports where union_id = @Union", arr)).ShouldBe(1);
    }

    [Fact]
    public async Task The_import_pages_speak_English_when_asked()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffPagesAsync(arr.Staff);

        var html = await client.GetStringAsync("/console/imports?culture=en");

        html.ShouldContain("Import members");
        html.ShouldContain("Upload and check");
        html.ShouldNotContain("上传并校验");
    }
}
