using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Members.Import;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>Disbursement by uploaded list (.xlsx): the per-row report, what it refuses, and the whole way to the members' accounts.</summary>
public sealed class UploadDisbursementTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private sealed record Person(long Id, string MemberNo, string Name, string IdNumber)
    {
        public string Masked => Mask.IdNumber(IdNumber);
    }

    private async Task<Person> PersonAsync(long unionId, MemberStatus status = MemberStatus.Active)
    {
        var name = MemberTestData.Name();
        var id = MemberTestData.IdNumber("330102");
        var (memberId, no) = await app.InsertMemberAsync(unionId, name, id, MemberTestData.Phone(), status: status);
        return new Person(memberId, no, name, id);
    }

    private static readonly object?[] Header = ["会员编号", "姓名", "身份证号", "金额(元)"];

    private static MultipartFormDataContent Form(long unionId, byte[] file, string? amountFen = "5000", string? amountYuan = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(unionId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "unionId" },
            { new StringContent("2026年中秋慰问"), "title" },
            { new StringContent("中秋慰问"), "purpose" },
            { new StringContent("30"), "validDays" },
            { new StringContent("supermarket"), "categories" },
            { new StringContent("farmProduce"), "categories" },
        };
        if (amountFen is not null) form.Add(new StringContent(amountFen), "amountFen");
        if (amountYuan is not null) form.Add(new StringContent(amountYuan), "amountYuan");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "中秋名单.xlsx");
        return form;
    }

    private static Dictionary<int, (string Outcome, string Message)> Rows(JsonElement report) =>
        report.GetProperty("problems").EnumerateArray()
            .ToDictionary(r => r.GetProperty("rowNo").GetInt32(), r => (r.GetProperty("outcome").GetString()!, r.GetProperty("message").GetString()!));

    [Fact]
    public async Task A_clean_list_by_member_number_and_masked_id_is_reported_committed_approved_and_credited_row_by_row()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var p = new Person[4];
        for (var i = 0; i < p.Length; i++) p[i] = await PersonAsync(w.FactoryA);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 1_000_000);
        var file = ImportFiles.Xlsx(
        [
            Header,
            [p[0].MemberNo, null, null, "100"],
            [null, p[1].Name, p[1].Masked, 88.5],
            [null, p[2].Name, p[2].IdNumber, null],
            [p[3].MemberNo.ToLowerInvariant(), "", "", "66.66"],
        ], sharedStrings: true);
        var prep = await app.StaffApiAsync(w.Preparer);

        var report = await (await prep.PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, file))).JsonAsync(HttpStatusCode.Created);

        report.GetProperty("clean").GetBoolean().ShouldBeTrue(report.ToString());
        report.GetProperty("totalRows").GetInt32().ShouldBe(4);
        report.GetProperty("matchedRows").GetInt32().ShouldBe(4);
        report.GetProperty("matchedTotal").GetInt64().ShouldBe(10_000 + 8_850 + 5_000 + 6_666);
        (await app.ScalarAsync("select count(*) from wallet.disbursements where union_id = @u", new { u = w.DistrictA })).ShouldBe(0);

        var uploadId = report.GetProperty("id").GetInt64();
        var draft = await (await prep.PostAsync($"/api/v1/wallet/disbursements/uploads/{uploadId}/commit", null)).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetInt64();
        draft.GetProperty("source").GetString().ShouldBe("upload");
        draft.GetProperty("memberCount").GetInt32().ShouldBe(4);
        (await prep.PostAsync($"/api/v1/wallet/disbursements/uploads/{uploadId}/commit", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approver = await app.StaffApiAsync(w.Approver);
        (await approver.SendAsync(DisbursementKit.Approve(id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await approver.WaitPostedAsync(id, app);

        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, p.Select(x => x.Id).ToList());
        p.Select(x => balances[x.Id]).ShouldBe([10_000L, 8_850, 5_000, 6_666]);
        var funds = await app.Service<ILedger>().OpenFundsAsync(p[0].Id);
        funds.Single().Categories!.Select(c => c.ToString()).ShouldBe(["Supermarket", "FarmProduce"]);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task A_list_with_duplicated_unknown_outside_and_badly_written_rows_is_reported_per_row_and_cannot_be_submitted()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var a = await PersonAsync(w.FactoryA);
        var b = await PersonAsync(w.FactoryA);
        var outside = await PersonAsync(w.DistrictB);
        var retired = await PersonAsync(w.FactoryA, MemberStatus.Retired);
        var file = ImportFiles.Xlsx(
        [
            Header,
            [a.MemberNo, null, null, "50"],                              // 2 matched
            [null, a.Name, a.Masked, "50"],                              // 3 the same member again
            ["M9999999999", null, null, "50"],                           // 4 unknown member number
            [null, "查无此人", "330102********0000", "50"],                 // 5 unknown name + masked ID
            [outside.MemberNo, null, null, "50"],                        // 6 outside the union's subtree
            [b.MemberNo, null, null, "-5"],                              // 7 negative
            [b.MemberNo, null, null, "1.234"],                           // 8 a fraction of a fen
            [null, b.Name, null, "50"],                                  // 9 name without ID number
            [null, b.Name, "12345", "50"],                               // 10 not an ID number
            [retired.MemberNo, null, null, "50"],                        // 11 not active
            [b.MemberNo, null, null, "50"],                              // 12 matched
        ]);
        var prep = await app.StaffApiAsync(w.Preparer);

        var report = await (await prep.PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, file))).JsonAsync(HttpStatusCode.Created);

        report.GetProperty("clean").GetBoolean().ShouldBeFalse();
        report.GetProperty("matchedRows").GetInt32().ShouldBe(2);
        report.GetProperty("problemRows").GetInt32().ShouldBe(9);
        var rows = Rows(report);
        rows[3].Outcome.ShouldBe("duplicate");
        rows[3].Message.ShouldBe($"与第2行是同一会员（{a.MemberNo}），同一会员在名单中只能出现一次");
        rows[4].ShouldBe(("notFound", "未找到该会员编号"));
        rows[5].ShouldBe(("notFound", "未找到姓名与身份证号相符的会员"));
        rows[6].Outcome.ShouldBe("outsideSubtree");
        rows[6].Message.ShouldContain("不在本次发放范围内");
        rows[7].ShouldBe(("badAmount", "金额“-5”须大于0"));
        rows[8].ShouldBe(("badAmount", "金额“1.234”超过两位小数，须精确到分"));
        rows[9].Outcome.ShouldBe("incomplete");
        rows[10].Outcome.ShouldBe("badIdNumber");
        rows[11].ShouldBe(("notActive", "该会员不是在会状态（已退休），不能发放"));
        report.GetProperty("counts").GetProperty("duplicate").GetInt32().ShouldBe(1);

        var before = await app.LedgerSnapshotAsync();
        var commit = await prep.PostAsync($"/api/v1/wallet/disbursements/uploads/{report.GetProperty("id").GetInt64()}/commit", null);
        commit.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await commit.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("名单中有9行未通过校验");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        (await app.ScalarAsync("select count(*) from wallet.disbursements where union_id = @u", new { u = w.DistrictA })).ShouldBe(0);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_or_has_no_usable_header_is_refused_with_a_reason()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var prep = await app.StaffApiAsync(w.Preparer);

        var notXlsx = await prep.PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, "会员编号\nM0000100001\n"u8.ToArray()));
        notXlsx.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notXlsx.ReadProblemAsync()).FieldError("file").ShouldContain(".xlsx");

        var noHeader = await prep.PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, ImportFiles.Xlsx([["编号", "数额"], ["M1", "5"]])));
        noHeader.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noHeader.ReadProblemAsync()).FieldError("file").ShouldContain("表头");

        var noAmount = await prep.PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, ImportFiles.Xlsx([["会员编号"], ["M1"]]), amountFen: null));
        noAmount.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noAmount.ReadProblemAsync()).FieldError("amountFen").ShouldContain("金额");

        var outsider = await (await app.StaffApiAsync(w.OutsiderB)).PostAsync("/api/v1/wallet/disbursements/uploads", Form(w.DistrictA, ImportFiles.Xlsx([Header])));
        outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from wallet.disbursement_uploads where union_id = @u", new { u = w.DistrictA })).ShouldBe(0);
    }

    [Fact]
    public async Task The_console_upload_form_shows_the_report_and_commits_a_clean_list_into_a_draft()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var a = await PersonAsync(w.FactoryA);
        var b = await PersonAsync(w.FactoryA);
        var pages = await app.StaffPagesAsync(w.Preparer);
        var html = await pages.GetStringAsync("/console/wallet/disbursements/new");
        html.ShouldContain("上传名单（Excel）");
        var form = Form(w.DistrictA, ImportFiles.Xlsx([Header, [a.MemberNo, null, null, null], [null, b.Name, b.Masked, null]]), amountFen: null, amountYuan: "20.5");
        form.Add(new StringContent(PageForms.AntiforgeryToken(html)), "__RequestVerificationToken");

        var posted = await pages.PostAsync("/console/wallet/disbursements/upload", form);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        var reportUrl = posted.Headers.Location!.OriginalString;
        reportUrl.ShouldStartWith("/console/wallet/disbursements/uploads/");
        var report = await pages.GetStringAsync(reportUrl);
        report.ShouldContain("全部2行已匹配");
        var commit = await pages.PostFormAsync(reportUrl, "commit");
        commit.StatusCode.ShouldBe(HttpStatusCode.Redirect, await commit.Content.ReadAsStringAsync());
        var detail = await pages.GetStringAsync(commit.Headers.Location!.OriginalString);
        detail.ShouldContain("草稿已保存：共2人，合计¥41.00");

        await using var conn = await app.OpenAsync();
        (await conn.QueryAsync<long>("select l.amount from wallet.disbursement_lines l join wallet.disbursements d on d.id = l.disbursement_id where d.union_id = @u order by l.member_id",
            new { u = w.DistrictA })).ShouldBe([2_050L, 2_050]);
    }

    [Fact]
    public async Task A_bad_upload_on_the_console_goes_back_to_the_form_with_the_reason()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var pages = await app.StaffPagesAsync(w.Preparer);
        var html = await pages.GetStringAsync("/console/wallet/disbursements/new");
        var form = Form(w.DistrictA, ImportFiles.Xlsx([Header, ["M1", null, null, null]]), amountFen: null, amountYuan: "1.005");
        form.Add(new StringContent(PageForms.AntiforgeryToken(html)), "__RequestVerificationToken");

        var posted = await pages.PostAsync("/console/wallet/disbursements/upload", form);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var back = await pages.GetStringAsync(posted.Headers.Location!.OriginalString);
        back.ShouldContain("金额最多两位小数（精确到分）");
        (await app.ScalarAsync("select count(*) from wallet.disbursement_uploads where union_id = @u", new { u = w.DistrictA })).ShouldBe(0);
    }

    [Fact]
    public async Task Two_members_with_the_same_name_and_masked_id_are_reported_as_ambiguous_and_the_member_number_settles_it()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        // Same region and same last four (sequence and check character), different birth dates: the same masked number.
        var first17 = "330102" + "19800101" + "123";
        var check = ResidentIdNumber.CheckCharacter(first17);
        var day = new DateOnly(1980, 1, 2);
        string second17;
        while (true)
        {
            second17 = "330102" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "123";
            if (ResidentIdNumber.CheckCharacter(second17) == check) break;
            day = day.AddDays(1);
        }
        var name = "同名" + MemberTestData.Name();
        var (_, aNo) = await app.InsertMemberAsync(w.FactoryA, name, first17 + check, MemberTestData.Phone());
        await app.InsertMemberAsync(w.FactoryA, name, second17 + check, MemberTestData.Phone());
        var masked = Mask.IdNumber(first17 + check);
        Mask.IdNumber(second17 + check).ShouldBe(masked);
        var prep = await app.StaffApiAsync(w.Preparer);

        var report = await (await prep.PostAsync("/api/v1/wallet/disbursements/uploads",
            Form(w.DistrictA, ImportFiles.Xlsx([Header, [null, name, masked, "10"], [aNo, name, masked, "10"]])))).JsonAsync(HttpStatusCode.Created);

        var rows = Rows(report);
        rows[2].ShouldBe(("ambiguous", "有2名会员的姓名和脱敏身份证号都相符，请改用会员编号"));
        rows.ContainsKey(3).ShouldBeFalse();
        report.GetProperty("matchedRows").GetInt32().ShouldBe(1);
    }
}
