using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members.Import;

public sealed class MemberImportApiTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    /// <summary>Three good rows (2, 3, 12) and eleven bad ones, each with one problem, plus an empty row.</summary>
    private static (List<object?[]> Rows, string[] GoodIds) MixedFile()
    {
        var a = ImportFiles.NextPerson();
        var b = ImportFiles.NextPerson();
        var c = ImportFiles.NextPerson();
        var bad = Enumerable.Range(0, 9).Select(_ => ImportFiles.NextPerson()).ToList();
        var young = ImportFiles.IdNumber("331002", new DateOnly(2005, 6, 1), 123);
        var impossible = "33100219900230123";
        impossible += UnionOne.Platform.Identifiers.ResidentIdNumber.CheckCharacter(impossible);
        var rows = new List<object?[]>
        {
            ImportFiles.Header,
            new object?[] { "张三", a.Id, a.Phone, "企业职工", "2024-03-01", "工匠、退役军人", "台州某某机械有限公司" },                  // 2 good
            new object?[] { "李四", b.Id, b.Phone, "外卖骑手", "2023/5/6", null, null },                                         // 3 good
            new object?[] { "王五", ImportFiles.WrongCheck(bad[0].Id), bad[0].Phone, "企业职工", "2024-03-01", null, null },      // 4 check digit
            new object?[] { "赵六", bad[1].Id, "1390000000", "企业职工", "2024-03-01", null, null },                              // 5 phone 10 digits
            new object?[] { "<script>alert(1)</script>", bad[2].Id, bad[2].Phone, "企业职工", "2024-03-01", null, null },          // 6 markup in name
            new object?[] { "张三丰", a.Id, bad[3].Phone, "企业职工", "2024-03-01", null, null },                                  // 7 duplicate of row 2
            new object?[] { "孙七", bad[4].Id, bad[4].Phone, "企业职工", "2099-01-01", null, null },                              // 8 future date
            new object?[] { "周八", bad[5].Id, bad[5].Phone, "程序员", "2024-03-01", null, null },                                 // 9 job type
            new object?[] { "吴九", bad[6].Id[..17], bad[6].Phone, "企业职工", "2024-03-01", null, null },                         // 10 17 digits
            new object?[] { "郑十", impossible, bad[7].Phone, "企业职工", "2024-03-01", null, null },                              // 11 30 February
            new object?[] { "陈一", c.Id, double.Parse(c.Phone, System.Globalization.CultureInfo.InvariantCulture), "教师", 45292d, "劳模", null }, // 12 good: numeric phone, Excel date serial
            Array.Empty<object?>(),                                                                                                 // 13 empty, skipped
            new object?[] { "林二", 3.3100219900101E+17, bad[8].Phone, "企业职工", "2024-03-01", null, null },                     // 14 ID stored as number
            new object?[] { "黄三", young, "13712345678", "企业职工", "2015-01-01", null, null },                                  // 15 joined at 9
            new object?[] { "何四", ImportFiles.NextPerson().Id, ImportFiles.NextPerson().Phone, "企业职工", "2024-03-01", "这是一个超过十个字的很长的标签", null }, // 16 tag
        };
        return (rows, [a.Id, b.Id, c.Id]);
    }

    [Fact]
    public async Task Mixed_rows_give_a_per_row_report_in_Chinese_and_nothing_is_inserted_before_commit()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var (rows, _) = MixedFile();

        var summary = await client.UploadOkAsync(app, arr.Union, ImportFiles.Xlsx(rows), "会员名单.xlsx");

        summary.TotalRows.ShouldBe(14);
        summary.ValidRows.ShouldBe(3);
        summary.ErrorRows.ShouldBe(11);
        summary.UnchangedRows.ShouldBe(0);
        var errors = (await client.ErrorsAsync(summary.ImportId)).Items;
        errors.ShouldContain(new ErrorItemDto(4, "身份证号", "身份证号码校验位错误，请核对后重新输入"));
        errors.ShouldContain(new ErrorItemDto(5, "手机号", "手机号码应为11位（当前为10位）"));
        errors.ShouldContain(new ErrorItemDto(6, "姓名", "姓名只能包含汉字、字母和间隔号“·”"));
        errors.ShouldContain(new ErrorItemDto(7, "身份证号", "与第2行的身份证号重复"));
        errors.ShouldContain(new ErrorItemDto(8, "入会日期", "入会日期不能晚于今天"));
        errors.ShouldContain(e => e.Row == 9 && e.Column == "职业类型" && e.Reason.StartsWith("职业类型“程序员”无效"));
        errors.ShouldContain(new ErrorItemDto(10, "身份证号", "身份证号码应为18位（当前为17位）"));
        errors.ShouldContain(new ErrorItemDto(11, "身份证号", "身份证号码中的出生日期不存在"));
        errors.ShouldContain(e => e.Row == 14 && e.Column == "身份证号" && e.Reason.Contains("存成了数字"));
        errors.ShouldContain(new ErrorItemDto(15, "入会日期", "入会日期早于本人年满16周岁的日期"));
        errors.ShouldContain(e => e.Row == 16 && e.Column == "标签" && e.Reason.Contains("超过10个字"));
        errors.Select(e => e.Row).Distinct().Count().ShouldBe(11);
        errors.ShouldNotContain(e => e.Row == 2 || e.Row == 3 || e.Row == 12 || e.Row == 13);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows where import_id = @ImportId", summary)).ShouldBe(3);

        var details = await client.GetFromJsonAsync<ImportDetailsDto>($"/api/v1/member-imports/{summary.ImportId}");
        details!.Status.ShouldBe("validated");
        details.UnionName.ShouldBe(arr.UnionName);
        details.FileName.ShouldBe("会员名单.xlsx");
    }

    [Fact]
    public async Task Commit_inserts_only_valid_rows_once_and_reimporting_the_same_file_changes_nothing()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var (rows, goodIds) = MixedFile();
        var file = ImportFiles.Xlsx(rows, sharedStrings: true);
        var first = await client.UploadOkAsync(app, arr.Union, file, "members.xlsx");
        first.ValidRows.ShouldBe(3);

        var commit = await client.PostAsync($"/api/v1/member-imports/{first.ImportId}/commit", null);
        commit.StatusCode.ShouldBe(HttpStatusCode.OK, await commit.Content.ReadAsStringAsync() + app.Errors);
        (await commit.Content.ReadFromJsonAsync<CommitDto>()).ShouldBe(new CommitDto(3, 0));

        await using var conn = await app.OpenAsync();
        var members = (await conn.QueryAsync<StoredMember>(
            "select name, id_number_enc as IdEnc, gender, tags, job_type as JobType, joined_on as Joined, member_no as MemberNo from members.members where union_id = @Union order by id", arr)).ToList();
        members.Select(m => m.Name).ShouldBe(["张三", "李四", "陈一"]);
        var cipher = app.Service<IPersonalDataCipher>();
        members.Select(m => cipher.Decrypt(PersonalDataPurposes.IdNumber, m.IdEnc)).ShouldBe(goodIds);
        members[0].Tags.ShouldBe(["工匠", "退役军人"]);
        members[1].JobType.ShouldBe((short)10);
        members[2].Joined.ShouldBe(new DateOnly(2024, 1, 1));
        members.ShouldAllBe(m => m.MemberNo.StartsWith('M'));
        (await conn.ExecuteScalarAsync<long>(
            "select count(*) from members.membership_events e join members.members m on m.id = e.member_id where m.union_id = @Union and e.kind = 'joined' and (e.detail->>'import')::bigint = @ImportId",
            new { arr.Union, first.ImportId })).ShouldBe(3);
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'member.import-committed' and subject_id = @id",
            new { id = first.ImportId.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows where import_id = @ImportId", first)).ShouldBe(0);

        var again = await client.PostAsync($"/api/v1/member-imports/{first.ImportId}/commit", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("该批次已提交，不能重复提交");

        var second = await client.UploadOkAsync(app, arr.Union, file, "members.xlsx");
        second.ValidRows.ShouldBe(0);
        second.UnchangedRows.ShouldBe(3);
        second.ErrorRows.ShouldBe(11);
        var recommit = await client.PostAsync($"/api/v1/member-imports/{second.ImportId}/commit", null);
        (await recommit.Content.ReadFromJsonAsync<CommitDto>()).ShouldBe(new CommitDto(0, 0));
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(3);
        var details = await client.GetFromJsonAsync<ImportDetailsDto>($"/api/v1/member-imports/{first.ImportId}");
        details!.Status.ShouldBe("committed");
        details.Inserted.ShouldBe(3);
    }

    [Fact]
    public async Task Two_commits_at_once_insert_the_rows_once()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var rows = new List<object?[]> { ImportFiles.Header };
        for (var i = 0; i < 50; i++)
        {
            var p = ImportFiles.NextPerson();
            rows.Add(["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]);
        }
        var summary = await client.UploadOkAsync(app, arr.Union, ImportFiles.Xlsx(rows), "a.xlsx");

        var responses = await Task.WhenAll(
            client.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null),
            client.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null));

        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(50);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("random")]
    [InlineData("zip")]
    [InlineData("truncated")]
    [InlineData("xls")]
    public async Task A_file_that_is_not_Excel_or_CSV_is_refused_and_nothing_is_staged(string kind)
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var random = new Random(42);
        byte[] bytes;
        string name;
        switch (kind)
        {
            case "png":
                bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 2000).Select(_ => (byte)random.Next(256))];
                name = "会员名单.xlsx";
                break;
            case "random":
                bytes = new byte[4096];
                random.NextBytes(bytes);
                name = "会员名单.csv";
                break;
            case "zip":
                using (var ms = new MemoryStream())
                {
                    using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, true))
                    {
                        using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
                        entry.Write("not a workbook");
                    }
                    bytes = ms.ToArray();
                }
                name = "会员名单.xlsx";
                break;
            case "truncated":
                var rows = new List<object?[]> { ImportFiles.Header };
                for (var i = 0; i < 300; i++) rows.Add(["王小明", ImportFiles.NextPerson().Id, "13912345678", "企业职工", "2024-03-01", null, null]);
                var whole = ImportFiles.Xlsx(rows);
                bytes = whole[..(whole.Length / 2)];
                name = "会员名单.xlsx";
                break;
            default:
                bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1000]];
                name = "会员名单.xls";
                break;
        }
        await using var conn = await app.OpenAsync();
        var importsBefore = await conn.ExecuteScalarAsync<long>("select count(*) from members.imports");
        var stagedBefore = await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows");

        var response = await client.UploadAsync(arr.Union, bytes, name);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, app.Errors);
        var body = await response.Content.ReadAsStringAsync();
        if (kind == "xls") body.ShouldContain("不支持旧版 Excel（.xls）文件");
        else body.ShouldContain("文件不是有效的 Excel（.xlsx）或 CSV 文件");
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports")).ShouldBe(importsBefore);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows")).ShouldBe(stagedBefore);
    }

    [Theory]
    [InlineData("utf8-bom")]
    [InlineData("utf8")]
    [InlineData("gb18030")]
    public async Task Csv_imports_in_UTF8_and_GB18030(string encodingName)
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var a = ImportFiles.NextPerson();
        var b = ImportFiles.NextPerson();
        List<string?[]> rows =
        [
            // Columns in another order than the template, with the long header names unions use.
            ["身份证号码", "姓名", "手机号码", "入会日期", "职业类型", "标签", "工作单位"],
            [a.Id, "欧阳娜娜", a.Phone, "2022-09-01", "教师", "工匠，困难职工", "台州市椒江区第一中学"],
            [b.Id, "阿依古丽·买买提", b.Phone, "2021/12/31", "医护人员", null, "台州医院, 外科"],
            [ImportFiles.NextPerson().Id, "错误号码", "12345", "2021-12-31", "教师", null, null],
        ];
        var encoding = encodingName == "gb18030" ? ImportFiles.Gb18030 : new UTF8Encoding(false);
        var file = ImportFiles.Csv(rows, encoding, bom: encodingName == "utf8-bom");

        var summary = await client.UploadOkAsync(app, arr.Union, file, "会员.csv");

        summary.ShouldBe(new ImportSummaryDto(summary.ImportId, 3, 2, 1, 0));
        (await client.ErrorsAsync(summary.ImportId)).Items.ShouldBe([new ErrorItemDto(4, "手机号", "手机号码应为11位（当前为5位）")]);
        (await client.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var conn = await app.OpenAsync();
        var stored = (await conn.QueryAsync<StoredMember>(
            "select name, id_number_enc as IdEnc, gender, tags, job_type as JobType, joined_on as Joined, member_no as MemberNo, employer_name as Employer from members.members where union_id = @Union order by id", arr)).ToList();
        stored.Select(s => s.Name).ShouldBe(["欧阳娜娜", "阿依古丽·买买提"]);
        stored[0].Tags.ShouldBe(["工匠", "困难职工"]);
        stored[1].Employer.ShouldBe("台州医院, 外科");
    }

    [Fact]
    public async Task Staff_of_another_district_get_404_and_a_viewer_gets_403()
    {
        var arr = await app.ArrangeAsync();
        var other = await app.CreateUnionAsync(TestActors.Unique("黄岩区总工会"), UnionLevel.County, arr.City, "331003");
        var outsider = await app.CreateStaffAsync(TestActors.Unique("huangyan"), "Passw0rd!x", (other, StaffRole.Chair));
        var viewer = await app.CreateStaffAsync(TestActors.Unique("viewer"), "Passw0rd!x", (arr.District, StaffRole.Viewer));
        var p = ImportFiles.NextPerson();
        var file = ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]);
        var owner = await app.StaffApiAsync(arr.Staff);
        var summary = await owner.UploadOkAsync(app, arr.Union, file, "a.xlsx");
        await using var conn = await app.OpenAsync();
        var importsBefore = await conn.ExecuteScalarAsync<long>("select count(*) from members.imports");

        var outside = await app.StaffApiAsync(outsider);
        (await outside.UploadAsync(arr.Union, file, "a.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.GetAsync($"/api/v1/member-imports/{summary.ImportId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.GetAsync($"/api/v1/member-imports/{summary.ImportId}/errors")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.GetAsync("/api/v1/member-imports/999999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var readOnly = await app.StaffApiAsync(viewer);
        (await readOnly.UploadAsync(arr.Union, file, "a.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.GetAsync($"/api/v1/member-imports/{summary.ImportId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await readOnly.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports")).ShouldBe(importsBefore);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(0);
        (await app.Anonymous().PostAsync("/api/v1/member-imports", ImportFiles.Upload(arr.Union, file, "a.xlsx"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_member_of_another_union_is_an_error_naming_that_union()
    {
        var arr = await app.ArrangeAsync();
        var second = await app.CreateUnionAsync(TestActors.Unique("台州测试阀门有限公司工会"), UnionLevel.Grassroots, arr.District, "331002");
        var client = await app.StaffApiAsync(arr.Staff);
        var p = ImportFiles.NextPerson();
        var file = ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]);
        var first = await client.UploadOkAsync(app, arr.Union, file, "a.xlsx");
        (await client.PostAsync($"/api/v1/member-imports/{first.ImportId}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var elsewhere = await client.UploadOkAsync(app, second, file, "a.xlsx");

        elsewhere.ShouldBe(new ImportSummaryDto(elsewhere.ImportId, 1, 0, 1, 0));
        (await client.ErrorsAsync(elsewhere.ImportId)).Items.ShouldBe([new ErrorItemDto(2, "身份证号", $"已是「{arr.UnionName}」会员")]);
    }

    [Fact]
    public async Task A_file_without_the_template_header_or_missing_a_required_column_is_refused()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);

        var noHeader = await client.UploadAsync(arr.Union, ImportFiles.Csv([["a", "b"], ["1", "2"]], Encoding.UTF8, bom: true), "x.csv");
        noHeader.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noHeader.Content.ReadAsStringAsync()).ShouldContain("未找到表头");

        var missing = await client.UploadAsync(arr.Union, ImportFiles.Xlsx([["姓名", "身份证号", "入会日期"]]), "x.xlsx");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("缺少必填列：手机号、职业类型");

        // A title row above the header is allowed.
        var p = ImportFiles.NextPerson();
        var titled = await client.UploadOkAsync(app, arr.Union,
            ImportFiles.Xlsx([["某某公司工会会员名单"], ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]), "x.xlsx");
        titled.ShouldBe(new ImportSummaryDto(titled.ImportId, 1, 1, 0, 0));
    }

    [Fact]
    public async Task Templates_download_without_sign_in_and_the_xlsx_template_imports_as_an_empty_file()
    {
        var anonymous = app.Anonymous();
        var xlsx = await anonymous.GetAsync("/api/v1/member-imports/template.xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var csv = await anonymous.GetByteArrayAsync("/api/v1/member-imports/template.csv");
        csv[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(csv[3..]).ShouldBe("姓名,身份证号,手机号,职业类型,入会日期,标签,工作单位\r\n");

        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var summary = await client.UploadOkAsync(app, arr.Union, await xlsx.Content.ReadAsByteArrayAsync(), "会员导入模板.xlsx");
        summary.ShouldBe(new ImportSummaryDto(summary.ImportId, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Missing_file_or_union_gets_a_Chinese_field_error()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var content = new MultipartFormDataContent { { new StringContent("abc"), "unionId" } };

        var response = await client.PostAsync("/api/v1/member-imports", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("请选择要导入的工会");
        body.ShouldContain("请选择要导入的文件");
    }

    [Fact]
    public async Task The_importer_service_works_without_HTTP()
    {
        var arr = await app.ArrangeAsync();
        var p = ImportFiles.NextPerson();
        var file = ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "快递员", "2024-03-01", null, null]]);
        using var scope = app.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<UnionOne.Modules.Members.Import.MemberImporter>();

        var summary = await importer.ValidateAsync(arr.Union, new MemoryStream(file), "a.xlsx", arr.Staff);
        var result = await importer.CommitAsync(summary.ImportId, arr.Staff);

        summary.ValidRows.ShouldBe(1);
        result.Inserted.ShouldBe(1);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long?>("select committed_by from members.imports where id = @ImportId", summary)).ShouldBe(arr.Staff);
    }

    [Fact]
    public async Task An_import_not_committed_within_seven_days_expires_and_its_staged_rows_are_deleted()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var p = ImportFiles.NextPerson();
        var summary = await client.UploadOkAsync(app, arr.Union, ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]), "a.xlsx");
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update members.imports set expires_at = now() - interval '1 minute' where id = @ImportId", summary);

        var commit = await client.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null);

        commit.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await commit.Content.ReadAsStringAsync()).ShouldContain("超过7天未提交");
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows where import_id = @ImportId", summary)).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(0);
        (await client.GetFromJsonAsync<ImportDetailsDto>($"/api/v1/member-imports/{summary.ImportId}"))!.Status.ShouldBe("expired");
    }

    [Fact]
    public async Task Importing_into_a_deregistered_union_is_refused()
    {
        var arr = await app.ArrangeAsync();
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update org.unions set status = 3 where id = @Union", arr);
        app.Service<UnionOne.Modules.Organisations.Tree.OrganisationDirectory>().Invalidate();
        var client = await app.StaffApiAsync(arr.Staff);
        var p = ImportFiles.NextPerson();

        var response = await client.UploadAsync(arr.Union, ImportFiles.Xlsx([ImportFiles.Header, ["王小明", p.Id, p.Phone, "企业职工", "2024-03-01", null, null]]), "a.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("已合并或注销");
    }

    private sealed class StoredMember
    {
        public string Name { get; set; } = "";

        public byte[] IdEnc { get; set; } = [];

        public string Gender { get; set; } = "";

        public string[] Tags { get; set; } = [];

        public short JobType { get; set; }

        public DateOnly Joined { get; set; }

        public string MemberNo { get; set; } = "";

        public string? Employer { get; set; }
    }

}
