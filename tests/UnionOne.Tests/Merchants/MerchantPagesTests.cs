using System.Net;
using System.Text.RegularExpressions;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Merchants;

/// <summary>The staff console and the public pages, driven as a browser would (server-rendered forms, redirects after posts).</summary>
public sealed partial class MerchantPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Today(int days = 0) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<short> StatusAsync(long merchantId) =>
        (short)await app.CountAsync("select status from merchants.merchants where id = @merchantId", new { merchantId });

    [Fact]
    public async Task Staff_run_a_batch_from_the_console_and_the_merchant_applies_on_the_public_page()
    {
        var world = await MemberWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(world.OfficerA);

        var console = await staff.GetAsync("/console/merchants");
        console.StatusCode.ShouldBe(HttpStatusCode.OK);
        var consoleHtml = await console.ReadPageAsync();
        consoleHtml.ShouldContain("商户招募");
        consoleHtml.ShouldContain("href=\"/console/merchants\"");

        // A bad batch is refused with field messages and nothing is created.
        var bad = await staff.PostFormAsync("/console/merchants", "create-batch", ("unionId", world.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("name", "批"), ("opensOn", Today()), ("closesOn", Today(10)), ("noticeDays", "40"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badHtml = await bad.ReadPageAsync();
        badHtml.ShouldContain("请填写批次名称（2至60个字）");
        badHtml.ShouldContain("公示天数应为1至30天");
        (await app.CountAsync("select count(*) from merchants.batches where union_id = @a", new { a = world.DistrictA })).ShouldBe(0);

        var created = await staff.PostFormAsync("/console/merchants", "create-batch", ("unionId", world.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("name", "2026年第一批普惠商户招募"), ("opensOn", Today(-1)), ("closesOn", Today(20)), ("noticeDays", "7"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.ReadPageAsync());
        var batchUrl = created.Headers.Location!.AbsolutePath;
        var batchId = long.Parse(BatchIdInUrl().Match(batchUrl).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        (await (await staff.GetAsync(created.Headers.Location!.PathAndQuery)).ReadPageAsync()).ShouldContain("招募批次已发起");

        // The merchant applies on the public page: first with a wrong licence code, then correctly.
        var visitor = app.CreateBrowserLikeClient();
        var form = (await (await visitor.GetAsync($"/merchants/apply?batch={batchId}")).ReadPageAsync());
        form.ShouldContain("2026年第一批普惠商户招募");
        var code = MerchantTestData.CreditCode();
        (string, string)[] Fields(string creditCode) =>
        [
            ("batchId", batchId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("name", "玉环麦香园蛋糕店"), ("creditCode", creditCode),
            ("category", "Bakery"), ("address", "浙江省台州市玉环市坎门街道海港路66号"), ("latitude", "28.0841"), ("longitude", "121.2725"),
            ("contactName", "周丽"), ("contactPhone", "13905761234"), ("discount", "85"),
        ];
        var wrong = await visitor.PostFormAsync($"/merchants/apply?batch={batchId}", "merchant-apply", Fields(code[..17] + (code[17] == '0' ? '1' : '0')));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.ReadPageAsync()).ShouldContain("统一社会信用代码校验位错误，请核对营业执照");
        (await app.CountAsync("select count(*) from merchants.merchants where batch_id = @batchId", new { batchId })).ShouldBe(0);

        var applied = await visitor.PostFormAsync($"/merchants/apply?batch={batchId}", "merchant-apply", Fields(code));
        applied.StatusCode.ShouldBe(HttpStatusCode.OK);
        var receipt = await applied.ReadPageAsync();
        receipt.ShouldContain("申请已提交");
        var merchantId = await app.CountAsync("select id from merchants.merchants where credit_code = @code", new { code });
        merchantId.ShouldBeGreaterThan(0);
        (await app.CountAsync("select proposed_discount_bp from merchants.merchants where id = @merchantId", new { merchantId })).ShouldBe(8500);

        // The batch page lists it with the masked phone; staff check it, agree the discount and publish the notice.
        var batchHtml = await (await staff.GetAsync(batchUrl)).ReadPageAsync();
        batchHtml.ShouldContain("玉环麦香园蛋糕店");
        batchHtml.ShouldContain("139****1234");
        batchHtml.ShouldNotContain("13905761234");
        var id = merchantId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var checkedIn = await staff.PostFormAsync(batchUrl, "merchant-action", ("act", $"check-pass:{id}"), ($"note-{id}", "门店实地核验"));
        checkedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await checkedIn.ReadPageAsync());
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Checked);

        var tooDeep = await staff.PostFormAsync(batchUrl, "merchant-action", ("act", $"discount:{id}"), ($"discount-{id}", "60"));
        tooDeep.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooDeep.ReadPageAsync()).ShouldContain("蛋糕烘焙类商户的折扣应在七折至九五折之间");
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Checked);
        (await staff.PostFormAsync(batchUrl, "merchant-action", ("act", $"discount:{id}"), ($"discount-{id}", "85"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.CountAsync("select discount_bp from merchants.merchants where id = @merchantId", new { merchantId })).ShouldBe(8500);

        var published = await staff.PostFormAsync(batchUrl, "publicise", Array.Empty<(string, string)>());
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Publicised);

        var notice = await (await visitor.GetAsync("/merchants/notice")).ReadPageAsync();
        notice.ShouldContain("玉环麦香园蛋糕店");
        notice.ShouldContain(code);
        notice.ShouldContain($"公示期：{Today()}至{Today(6)}");

        // Activation before the notice ends is refused on the page too (409), then allowed once it has ended.
        var merchantUrl = $"/console/merchants/{id}";
        var early = await staff.PostFormAsync(merchantUrl, "merchant-action", ("act", $"activate:{id}"));
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.ReadPageAsync()).ShouldContain($"公示期至{Today(6)}结束，公示期满后才能上线");
        await app.EndNoticeAsync(merchantId);
        (await staff.PostFormAsync(merchantUrl, "merchant-action", ("act", $"activate:{id}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Active);

        // A till registered on the detail page shows its credential once.
        var till = await staff.PostFormAsync(merchantUrl, "register-till", ("tillName", "前台收银1"));
        till.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tillHtml = await till.ReadPageAsync();
        var credential = CredentialOnPage().Match(tillHtml).Groups[1].Value;
        credential.ShouldStartWith((await app.CountAsync("select id from merchants.tills where merchant_id = @merchantId", new { merchantId })).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        (await (await staff.GetAsync(merchantUrl)).ReadPageAsync()).ShouldNotContain(credential);

        var detail = await (await staff.GetAsync(merchantUrl)).ReadPageAsync();
        detail.ShouldContain("状态历史");
        detail.ShouldContain("门店实地核验");
        detail.ShouldContain("提交申请");
        detail.ShouldContain("前台收银1");

        var directory = await (await visitor.GetAsync("/merchants?category=Bakery")).ReadPageAsync();
        directory.ShouldContain("玉环麦香园蛋糕店");
        directory.ShouldContain("八五折");
        directory.ShouldNotContain("周丽");

        // Suspension from the page needs a reason and keeps it in the history.
        var noReason = await staff.PostFormAsync(merchantUrl, "merchant-action", ("act", $"suspend:{id}"), ($"reason-{id}", ""));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadPageAsync()).ShouldContain("请填写原因（2至500个字）");
        (await staff.PostFormAsync(merchantUrl, "merchant-action", ("act", $"suspend:{id}"), ($"reason-{id}", "收到会员投诉，暂停核查"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Suspended);
        (await (await staff.GetAsync(merchantUrl)).ReadPageAsync()).ShouldContain("收到会员投诉，暂停核查");
        (await (await visitor.GetAsync("/merchants")).ReadPageAsync()).ShouldNotContain("玉环麦香园蛋糕店");
    }

    [Fact]
    public async Task Staff_of_another_subtree_find_nothing_and_a_viewer_sees_no_buttons()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (merchantId, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "甲区看得见的超市", MerchantCategory.Supermarket, 9500);
        var id = merchantId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var batchId = await app.CountAsync("select batch_id from merchants.merchants where id = @merchantId", new { merchantId });

        var outsider = await app.StaffPagesAsync(world.OfficerB);
        (await outsider.GetAsync($"/console/merchants/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/console/merchants/batches/{batchId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await outsider.GetAsync("/console/merchants")).ReadPageAsync()).ShouldNotContain("甲区看得见的超市");

        var viewer = await app.StaffPagesAsync(world.ViewerA);
        var page = await viewer.GetAsync($"/console/merchants/{id}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.ReadPageAsync();
        html.ShouldContain("甲区看得见的超市");
        html.ShouldNotContain($"suspend:{id}");
        html.ShouldNotContain("登记收银设备");

        // Posting the button anyway is refused (403) and changes nothing.
        var token = PageForms.AntiforgeryToken(await (await viewer.GetAsync("/console/account")).Content.ReadAsStringAsync());
        var forced = await viewer.PostFormWithTokenAsync($"/console/merchants/{id}", "merchant-action", token, ("act", $"suspend:{id}"), ($"reason-{id}", "只读用户越权"));
        forced.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(merchantId)).ShouldBe((short)MerchantStatus.Active);

        (await app.Anonymous().GetAsync("/console/merchants")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_pages_speak_english_when_asked()
    {
        var world = await MemberWorld.CreateAsync(app);
        await app.CreateActiveMerchantAsync(world.FactoryA, "English Bakery 玉环", MerchantCategory.Bakery, 8500);
        var visitor = app.CreateBrowserLikeClient();
        (await visitor.GetAsync("/culture/en?returnUrl=/merchants")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await (await visitor.GetAsync("/merchants")).ReadPageAsync();
        html.ShouldContain("Benefit merchants");
        html.ShouldContain("15% off");
        html.ShouldContain("Bakery");
        (await (await visitor.GetAsync("/till/login")).ReadPageAsync()).ShouldContain("Till sign-in");
    }

    [GeneratedRegex(@"/console/merchants/batches/(\d+)")]
    private static partial Regex BatchIdInUrl();

    [GeneratedRegex(@"data-credential>([^<]+)<")]
    private static partial Regex CredentialOnPage();
}
