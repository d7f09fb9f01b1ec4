using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Points;

public sealed partial class PointsPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private PointsWorld w = null!;

    public async Task InitializeAsync() => w = await PointsWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_member_redeems_on_the_phone_page_sees_the_code_and_cancels()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "纯棉毛巾", price: 200, stock: 3, monthLimit: 2);
        var dear = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "五常大米", price: 5000, stock: 3);
        var (member, phone, _) = await app.MemberAsync(w.FactoryA);
        await app.GiveAsync(member, w.DistrictA, 300);
        var pages = app.MemberPages(phone, member);

        var page = await pages.GetAsync("/m/points");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("data-balance=\"300\"");
        html.ShouldContain("纯棉毛巾");
        html.ShouldContain("每人每月限兑2件，本月已兑0件");
        var button = RedeemButton().Match(html);
        button.Success.ShouldBeTrue(html);
        button.Groups[1].Value.ShouldBe(item.ToString());
        html.ShouldNotContain($"value=\"{dear}:");               // not enough points: no button
        html.ShouldContain("积分不足");

        var redeemed = await pages.PostFormAsync("/m/points", "redeem", ("redeem", $"{item}:{button.Groups[2].Value}"));
        redeemed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await redeemed.Content.ReadAsStringAsync() + app.Errors);
        redeemed.RedirectPath().ShouldStartWith("/m/points?redeemed=");
        var code = await app.QueryOneAsync<string>("select pickup_code from points.redemptions where member_id = @member", new { member });
        var after = await pages.GetStringAsync(redeemed.RedirectPath());
        after.ShouldContain("兑换成功");
        after.ShouldContain($"data-code=\"{code}\"");
        after.ShouldContain("data-balance=\"100\"");
        after.ShouldContain("-200");

        var id = await app.CountAsync("select id from points.redemptions where member_id = @member", new { member });
        var cancelled = await pages.PostFormAsync("/m/points", "cancel-redemption", ("cancel", id.ToString()));
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());
        (await app.BalanceAsync(member)).ShouldBe(300);
        (await pages.GetStringAsync(cancelled.RedirectPath())).ShouldContain("已取消兑换，积分已退回");
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task Staff_put_an_item_on_the_shelf_set_rules_award_and_collect_on_the_console()
    {
        var officer = await app.StaffPagesAsync(w.OfficerA);
        var url = $"/console/points?union={w.DistrictA}";
        var html = await officer.GetStringAsync(url);
        html.ShouldContain("积分管理");
        html.ShouldContain("本工会尚未上架商品");
        foreach (var field in new[] { "Form.Name", "Form.Price", "Form.Stock", "Form.MonthLimit", "Form.OnShelf", "RuleModel.Activity", "RuleModel.Rating", "RuleModel.Quiz", "Award.Key", "Award.MemberNo", "Award.Points", "Award.Reason", "Collect.Code" })
            html.ShouldContain($"name=\"{field}\"");

        var bad = await officer.PostFormAsync(url, "create-item", ("Form.Name", "保温杯"), ("Form.Price", "0"), ("Form.Stock", "-1"), ("Form.OnShelf", "True"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badHtml = await bad.Content.ReadAsStringAsync();
        badHtml.ShouldContain("兑换所需积分须为1至1000000的整数");
        badHtml.ShouldContain("库存须为1至1000000件");
        (await app.CountAsync("select count(*) from points.items where union_id = @a", new { a = w.DistrictA })).ShouldBe(0);

        var created = await officer.PostFormAsync(url, "create-item", ("Form.Name", "保温杯"), ("Form.Price", "100"), ("Form.Stock", "5"), ("Form.MonthLimit", "1"), ("Form.OnShelf", "True"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync() + app.Errors);
        var item = await app.CountAsync("select id from points.items where union_id = @a", new { a = w.DistrictA });
        created.RedirectPath().ShouldBe($"/console/points/items/{item}?created=1");
        var itemHtml = await officer.GetStringAsync(created.RedirectPath());
        itemHtml.ShouldContain("商品已上架");
        itemHtml.ShouldContain("name=\"Form.OnShelf\"");
        itemHtml.ShouldContain("name=\"Form.Price\"");

        // Off the shelf from the item page (the checkbox not sent), then on again.
        var itemUrl = $"/console/points/items/{item}";
        var off = await officer.PostFormAsync(itemUrl, "edit-item", ("Form.Name", "保温杯"), ("Form.Price", "100"), ("Form.Stock", "5"), ("Form.MonthLimit", "1"));
        off.StatusCode.ShouldBe(HttpStatusCode.OK, await off.Content.ReadAsStringAsync() + app.Errors);
        (await app.QueryOneAsync<bool>("select on_shelf from points.items where id = @item", new { item })).ShouldBeFalse();
        await officer.PostFormAsync(itemUrl, "edit-item", ("Form.Name", "保温杯"), ("Form.Price", "100"), ("Form.Stock", "5"), ("Form.MonthLimit", "1"), ("Form.OnShelf", "True"));
        (await app.QueryOneAsync<bool>("select on_shelf from points.items where id = @item", new { item })).ShouldBeTrue();

        var rules = await officer.PostFormAsync(url, "rules", ("RuleModel.Activity", "20"), ("RuleModel.Rating", ""), ("RuleModel.Quiz", "abc"));
        rules.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.CountAsync("select count(*) from points.rules where union_id = @a", new { a = w.DistrictA })).ShouldBe(0);
        rules = await officer.PostFormAsync(url, "rules", ("RuleModel.Activity", "20"), ("RuleModel.Rating", ""), ("RuleModel.Quiz", "0"));
        rules.StatusCode.ShouldBe(HttpStatusCode.OK, await rules.Content.ReadAsStringAsync() + app.Errors);
        (await rules.Content.ReadAsStringAsync()).ShouldContain("积分规则已保存");
        (await app.CountAsync("select points from points.rules where union_id = @a and kind = 1", new { a = w.DistrictA })).ShouldBe(20);
        (await app.CountAsync("select count(*) from points.rules where union_id = @a and kind = 3 and points = 0", new { a = w.DistrictA })).ShouldBe(1);

        var (member, phone, memberNo) = await app.MemberAsync(w.FactoryA);
        var awardPage = await officer.GetStringAsync(url);
        var key = AwardKey().Match(awardPage).Groups[1].Value;
        key.ShouldNotBeEmpty();
        var token = PageForms.AntiforgeryToken(awardPage);
        var fields = new[] { ("Award.Key", key), ("Award.MemberNo", memberNo), ("Award.Points", "150"), ("Award.Reason", "技能比武一等奖") };
        var awarded = await officer.PostFormWithTokenAsync(url, "award", token, fields);
        awarded.StatusCode.ShouldBe(HttpStatusCode.OK, await awarded.Content.ReadAsStringAsync() + app.Errors);
        (await awarded.Content.ReadAsStringAsync()).ShouldContain("发放150积分");
        (await officer.PostFormWithTokenAsync(url, "award", token, fields)).StatusCode.ShouldBe(HttpStatusCode.OK); // a double submit
        (await app.BalanceAsync(member)).ShouldBe(150);

        var redemption = await (await app.MemberApi(phone, member).RedeemAsync(item)).JsonAsync();
        var code = redemption.GetProperty("pickupCode").GetString()!;
        var listed = await officer.GetStringAsync(url);
        listed.ShouldContain($"data-redemption=\"{redemption.GetProperty("id").GetInt64()}\"");
        listed.ShouldNotContain(code);

        var wrong = await officer.PostFormAsync(url, "collect", ("Collect.Code", "1234"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("请输入8位数字取货码");
        var collected = await officer.PostFormAsync(url, "collect", ("Collect.Code", code));
        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync() + app.Errors);
        (await collected.Content.ReadAsStringAsync()).ShouldContain("已核销");
        (await app.CountAsync("select status from points.redemptions where pickup_code = @code", new { code })).ShouldBe(2);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task Viewers_see_no_forms_and_staff_of_another_district_get_not_found()
    {
        var viewerHtml = await (await app.StaffPagesAsync(w.ViewerA)).GetStringAsync($"/console/points?union={w.DistrictA}");
        viewerHtml.ShouldContain("积分规则");
        viewerHtml.ShouldNotContain("上架新商品");
        viewerHtml.ShouldNotContain("手动奖励积分");
        (await (await app.StaffPagesAsync(w.OfficerB)).GetAsync($"/console/points?union={w.DistrictA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA);
        (await (await app.StaffPagesAsync(w.OfficerB)).GetAsync($"/console/points/items/{item}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync("/m/points")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_picture_is_stored_only_when_it_is_a_jpeg_or_png_and_served_to_anyone()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var item = await officer.ItemAsync(w.DistrictA, "电影票");
        var png = Places.Stations.StationTestData.Png;
        var text = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "file", "a.png" } };
        var refused = await officer.PutAsync($"/api/v1/points/items/{item}/picture", text);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync()).FieldError("file").ShouldContain("JPG 或 PNG");
        (await app.Anonymous().GetAsync($"/points/items/{item}/picture")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var ok = await officer.PutAsync($"/api/v1/points/items/{item}/picture", new MultipartFormDataContent { { new ByteArrayContent(png), "file", "towel.png" } });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        (await ok.JsonAsync()).GetProperty("pictureUrl").GetString()!.ShouldStartWith($"/points/items/{item}/picture");
        var served = await app.Anonymous().GetAsync($"/points/items/{item}/picture");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(png);
    }

    [GeneratedRegex("name=\"redeem\" value=\"([0-9]+):([0-9a-f]{32})\"")]
    private static partial Regex RedeemButton();

    [GeneratedRegex("name=\"Award.Key\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex AwardKey();
}
