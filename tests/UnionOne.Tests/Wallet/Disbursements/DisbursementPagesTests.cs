using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Modules.Wallet.Disbursements.Upload;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>The console pages: fund overview and top-up, a disbursement by selection from draft to paid, the review rules on screen, English.</summary>
public sealed partial class DisbursementPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_double_submitted_top_up_form_posts_once_and_the_overview_shows_the_balance()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var pages = await app.StaffPagesAsync(w.Preparer);
        var html = await pages.GetStringAsync("/console/wallet");
        var token = PageForms.AntiforgeryToken(html);
        var key = RequestKey().Match(html).Groups[1].Value;
        key.Length.ShouldBe(32);
        (string, string)[] fields = [("UnionId", DisbursementKit.Str(w.DistrictA)), ("AmountYuan", "1,234.50"), ("Memo", "2026年第四季度拨款"), ("RequestKey", key)];

        var first = await pages.PostFormWithTokenAsync("/console/wallet", "top-up", token, fields);
        var second = await pages.PostFormWithTokenAsync("/console/wallet", "top-up", token, fields);

        var page = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        page.ShouldContain("已拨入¥1,234.50");
        (await second.Content.ReadAsStringAsync()).ShouldContain("已拨入¥1,234.50");
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(123_450);
        (await app.ScalarAsync("select count(*) from wallet.transfers where kind = 1 and reference = @r", new { r = $"union:{w.DistrictA}" })).ShouldBe(1);
        (await pages.GetStringAsync("/console/wallet")).ShouldContain($"data-union=\"{w.DistrictA}\">¥1,234.50");

        var bad = await pages.PostFormAsync("/console/wallet", "top-up", ("UnionId", DisbursementKit.Str(w.DistrictA)), ("AmountYuan", "-3"), ("RequestKey", "x1"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("金额必须大于0");
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(123_450);
    }

    [Fact]
    public async Task A_disbursement_by_selection_goes_from_draft_to_paid_through_the_pages()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var members = await app.InsertMembersAsync(w.FactoryA, 12, birthMonth: 11);
        await app.InsertMembersAsync(w.FactoryA, 4, birthMonth: 3);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 100_000);
        var prep = await app.StaffPagesAsync(w.Preparer);
        (string, string)[] draft =
        [
            ("UnionId", DisbursementKit.Str(w.DistrictA)), ("Title", "2026年11月生日蛋糕"), ("Purpose", "生日蛋糕"), ("AmountYuan", "50"),
            ("ValidDays", "60"), ("Categories", "bakery"), ("BirthMonth", "11"), ("Tag", ""), ("JobType", ""),
        ];

        var preview = await prep.PostFormAsync("/console/wallet/disbursements/new", "by-selection", [.. draft, ("FormAction", "preview")]);
        (await preview.Content.ReadAsStringAsync()).ShouldContain("符合条件的在会会员12人，合计¥600.00");
        var created = await prep.PostFormAsync("/console/wallet/disbursements/new", "by-selection", [.. draft, ("FormAction", "create")]);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var url = created.Headers.Location!.OriginalString;
        var detail = await prep.GetStringAsync(url);
        detail.ShouldContain("草稿已保存：共12人，合计¥600.00");
        detail.ShouldContain("烘焙蛋糕");
        var path = url.Split('?')[0];
        (await (await prep.PostFormAsync(path, "submit")).Content.ReadAsStringAsync()).ShouldContain("已提交复核");

        var own = await prep.GetStringAsync(path);
        own.ShouldContain("您是本次发放的创建人");
        own.ShouldNotContain("复核通过并发放");
        var approver = await app.StaffPagesAsync(w.Approver);
        var review = await approver.GetStringAsync(path);
        review.ShouldContain("福利资金余额¥1,000.00，本次发放需¥600.00");
        var approved = await approver.PostFormWithTokenAsync(path, "approve", PageForms.AntiforgeryToken(review), ("ApproveKey", RequestKey().Match(review).Groups[1].Value));
        (await approved.Content.ReadAsStringAsync()).ShouldContain("复核通过：资金已全额划出");

        var id = long.Parse(path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await (await app.StaffApiAsync(w.Approver)).WaitPostedAsync(id, app);
        var paid = await approver.GetStringAsync(path);
        paid.ShouldContain("已到账12 / 12人（100%）");
        paid.ShouldNotContain("http-equiv=\"refresh\"");
        (await approver.GetStringAsync("/console/wallet/disbursements?status=posted")).ShouldContain("2026年11月生日蛋糕");
        (await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, members)).Values.ShouldAllBe(b => b == 5_000);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task Staff_of_another_district_get_not_found_pages()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 2);
        var prep = await app.StaffApiAsync(w.Preparer);
        var id = (await (await prep.PostAsync("/api/v1/wallet/disbursements", System.Net.Http.Json.JsonContent.Create(
            new { unionId = w.DistrictA, title = "测试发放", purpose = "测试", amountFen = 100 }))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var outsider = await app.StaffPagesAsync(w.OutsiderB);

        var page = await outsider.GetAsync($"/console/wallet/disbursements/{id}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("测试发放");
        (await outsider.GetAsync($"/console/wallet/disbursements?unionId={w.DistrictA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_and_messages_switch_to_english()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var pages = await app.StaffPagesAsync(w.Preparer);
        (await pages.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await pages.GetStringAsync("/console/wallet")).ShouldContain("Top up the welfare fund");
        (await pages.GetStringAsync("/console/wallet/disbursements/new")).ShouldContain("Select members by criteria");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/disbursements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { unionId = w.DistrictA, title = "测试发放", purpose = "测试", amountFen = 10.5 }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await (await app.StaffApiAsync(w.Preparer)).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("The amount is in fen and must be a whole number");
    }

    [Fact]
    public void Every_disbursement_text_has_an_english_translation()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        var wallet = Path.Combine(dir!.FullName, "src", "UnionOne", "Modules", "Wallet");
        var english = XDocument.Load(Path.Combine(wallet, "WalletText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(Path.Combine(wallet, "Disbursements"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        // Labels looked up through a variable.
        keys.AddRange(DisbursementLabels.All.Select(s => s.Label()));
        keys.AddRange(UploadOutcomeLabels.All.Select(o => o.Label()));
        keys.AddRange(CategoryLabels.All.Select(c => c.Label));
        keys.AddRange(JobTypeLabels.All.Select(j => j.Label));
        keys.AddRange(MemberStatusLabels.All.Select(s => s.Label));
        keys.AddRange(["文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传", "工作簿中没有工作表"]);

        keys.Count.ShouldBeGreaterThan(150);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff') || v.Contains("金额(元)") || v.Contains("会员编号"));
    }

    [GeneratedRegex("name=\"(?:RequestKey|ApproveKey)\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex RequestKey();

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
