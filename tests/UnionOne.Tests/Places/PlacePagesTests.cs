using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class PlacePagesTests(PlacesApp app) : IClassFixture<PlacesApp>, IAsyncLifetime
{
    private PlaceWorld world = null!;

    public async Task InitializeAsync() => world = await PlaceWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Text(string html) => Regex.Replace(html, "<[^>]+>", " ");

    private static (string, string)[] ValidForm(long unionId, string name) =>
    [
        ("unionId", unionId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("kind", "4"), ("parentPlaceId", ""), ("name", name),
        ("address", "台州市椒江区东山路18号"), ("latitude", "28.6846"), ("longitude", "121.4480"),
        ("from1_1", "08:00"), ("to1_1", "20:00"), ("from2_1", "08:00"), ("to2_1", "20:00"), ("from6_1", "09:00"), ("to6_1", "12:00"),
        ("from6_2", "14:00"), ("to6_2", "18:00"),
        ("facility", "water"), ("facility", "toilet"), ("capacity", "15"), ("admits", "1"), ("contactPhone", "12351"),
        ("check", "sign"), ("check", "map"), ("typicalStayMinutes", ""),
    ];

    [Fact]
    public async Task The_public_map_lists_places_without_script_or_position_and_draws_tiles()
    {
        app.Clock.SetLocal(2026, 3, 2, 10);
        var near = await app.InsertPlaceAsync(world.DistrictA, name: "市府大道户外劳动者驿站", latitude: 28.6570, longitude: 121.4210);
        var far = await app.InsertPlaceAsync(world.DistrictA, name: "黄岩东城户外劳动者驿站", latitude: 28.6483, longitude: 121.2621);
        await app.InsertPlaceAsync(world.DistrictA, name: "已摘牌驿站", status: PlaceStatus.Closed);

        var response = await app.Anonymous().GetAsync("/places");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("未获取您的位置");
        html.IndexOf("市府大道户外劳动者驿站", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("黄岩东城户外劳动者驿站", StringComparison.Ordinal));
        html.ShouldNotContain("已摘牌驿站");
        html.ShouldContain("https://tiles.example.test/14/");
        html.ShouldContain("class=\"place-map-tile\"");
        html.ShouldContain($"href=\"/places/{near}\"");
        html.ShouldContain("src=\"/places/locate.js\"");
        html.ShouldContain("开放中");

        // From Huangyan the order turns round.
        var fromHuangyan = await app.Anonymous().GetStringAsync("/places?lat=28.6480&lng=121.2625");
        fromHuangyan.IndexOf("黄岩东城户外劳动者驿站", StringComparison.Ordinal).ShouldBeLessThan(fromHuangyan.IndexOf("市府大道户外劳动者驿站", StringComparison.Ordinal));
        fromHuangyan.ShouldContain($"href=\"/places/{far}\"");
        fromHuangyan.ShouldNotContain("未获取您的位置");

        var script = await app.Anonymous().GetAsync("/places/locate.js");
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await script.Content.ReadAsStringAsync()).ShouldContain("geolocation");
    }

    [Fact]
    public async Task The_place_page_shows_hours_open_now_and_live_occupancy_and_a_closed_place_is_not_found()
    {
        app.Clock.SetLocal(2026, 3, 2, 10);
        var place = await app.InsertPlaceAsync(world.DistrictA, name: "葭沚老街户外劳动者驿站", open24h: false, capacity: 12);
        await using (var conn = await app.OpenAsync())
        {
            await conn.ExecuteAsync("""update places.places set facilities = '{water,mothers-room}', opening_hours = '[{"days":[1,2,3,4,5],"from":"08:00","to":"20:00"}]' where id = @place""", new { place });
            await conn.ExecuteAsync("insert into places.access_events (place_id, member_id, direction, admitted, at) values (@place, 5, 1, true, @at)",
                new { place, at = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-10) });
        }
        var html = await app.Anonymous().GetStringAsync($"/places/{place}");
        html.ShouldContain("葭沚老街户外劳动者驿站");
        html.ShouldContain("08:00-20:00");
        html.ShouldContain("妈妈小屋");
        Regex.Match(html, "data-testid=\"open-now\">([^<]+)<").Groups[1].Value.ShouldBe("开放中");
        Regex.Match(html, "data-testid=\"present\">(\\d+)<").Groups[1].Value.ShouldBe("1");
        html.ShouldContain("uri.amap.com/marker");

        app.Clock.SetLocal(2026, 3, 7, 10); // Saturday
        Regex.Match(await app.Anonymous().GetStringAsync($"/places/{place}"), "data-testid=\"open-now\">([^<]+)<").Groups[1].Value.ShouldBe("未开放");

        var closed = await app.InsertPlaceAsync(world.DistrictA, status: PlaceStatus.Closed);
        (await app.Anonymous().GetAsync($"/places/{closed}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_console_list_requires_sign_in_and_shows_only_the_subtree()
    {
        var mine = await app.InsertPlaceAsync(world.DistrictA, name: TestActors.Unique("椒江驿站"));
        var theirs = await app.InsertPlaceAsync(world.DistrictB, name: TestActors.Unique("黄岩驿站"));

        var anonymous = await app.CreateBrowserLikeClient().GetAsync("/console/places");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var html = await (await app.StaffPagesAsync(world.OfficerA)).GetStringAsync("/console/places");
        html.ShouldContain($"/console/places/{mine}");
        html.ShouldNotContain($"/console/places/{theirs}");
        html.ShouldContain("新建阵地");

        var other = await (await app.StaffPagesAsync(world.OfficerB)).GetAsync($"/console/places/{mine}");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync()).ShouldNotContain("椒江驿站");

        var viewerPage = await (await app.StaffPagesAsync(world.ViewerA)).GetStringAsync($"/console/places/{mine}");
        viewerPage.ShouldContain("椒江驿站");
        viewerPage.ShouldNotContain("name=\"_handler\"");
        viewerPage.ShouldNotContain("修改阵地信息");
    }

    [Fact]
    public async Task Creating_from_the_console_shows_chinese_errors_inline_then_redirects_to_the_new_place()
    {
        var client = await app.StaffPagesAsync(world.OfficerA);
        await using var conn = await app.OpenAsync();
        var before = await conn.ExecuteScalarAsync<long>("select count(*) from places.places");
        var name = TestActors.Unique("页面新建驿站");

        var bad = ValidForm(world.DistrictA, name).Select(f => f.Item1 switch
        {
            "latitude" => ("latitude", "abc"),
            "to2_1" => ("to2_1", ""),
            "contactPhone" => ("contactPhone", "123"),
            _ => f,
        }).ToArray();
        var response = await client.PostFormAsync("/console/places/new", "place", bad);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, Text(html)[..Math.Min(3000, Text(html).Length)]);
        html.ShouldContain("纬度应为数字，例如 28.6564");
        html.ShouldContain("请同时填写开始和结束时间");
        html.ShouldContain(name); // the form keeps what was typed
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.places")).ShouldBe(before);

        var phone = ValidForm(world.DistrictA, name).Select(f => f.Item1 == "contactPhone" ? ("contactPhone", "123") : f).ToArray();
        var phoneResponse = await client.PostFormAsync("/console/places/new", "place", phone);
        (await phoneResponse.Content.ReadAsStringAsync()).ShouldContain("联系电话应为11位手机号");
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.places")).ShouldBe(before);

        var good = await client.PostFormAsync("/console/places/new", "place", ValidForm(world.DistrictA, name));
        var goodHtml = await good.Content.ReadAsStringAsync();
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect, Text(goodHtml)[..Math.Min(3000, Text(goodHtml).Length)]);
        var location = good.Headers.Location!.ToString();
        location.ShouldMatch(@"/console/places/\d+\?saved=1$");
        var id = long.Parse(Regex.Match(location, @"/console/places/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var row = await conn.QuerySingleAsync<(string Name, string[] Facilities, string Hours, bool HasSign, bool OnMap, bool HasRules, string Phone)>(
            "select name, facilities, opening_hours::text, has_sign, on_map, has_rules, contact_phone from places.places where id = @id", new { id });
        row.Name.ShouldBe(name);
        row.Facilities.ShouldBe(["water", "toilet"]);
        row.HasSign.ShouldBeTrue();
        row.OnMap.ShouldBeTrue();
        row.HasRules.ShouldBeFalse();
        row.Phone.ShouldBe("12351");
        row.Hours.ShouldContain("\"days\": [1, 2]");
        row.Hours.ShouldContain("\"from\": \"14:00\"");

        var page = await client.GetStringAsync(location);
        page.ShouldContain("已保存");
        page.ShouldContain("value=\"14:00\""); // the second span of Saturday is shown again

        // Edit: close it from the status form.
        var close = await client.PostFormAsync($"/console/places/{id}", "status", ("status", "3"), ("reason", "道路施工，暂停服务"));
        (await close.Content.ReadAsStringAsync()).ShouldContain("状态已更新");
        (await conn.ExecuteScalarAsync<short>("select status from places.places where id = @id", new { id })).ShouldBe((short)PlaceStatus.Closed);
    }

    [Fact]
    public async Task Access_log_and_dashboard_pages_render_svg_charts_from_the_scans()
    {
        app.Clock.SetLocal(2026, 3, 4, 20);
        var street = await app.CreateUnionAsync(TestActors.Unique("白云街道总工会"), UnionOne.Modules.Organisations.Contracts.UnionLevel.Federation, world.DistrictA, "331002", "street-federation");
        var place = await app.InsertPlaceAsync(street, name: TestActors.Unique("统计驿站"));
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("""
                insert into places.access_events (place_id, device_id, member_id, direction, admitted, reason, at)
                select @place, 3, 100 + g, 1, g % 5 <> 0, case when g % 5 = 0 then 'revoked' end, @at::timestamptz - make_interval(mins => g * 7)
                from generate_series(1, 60) g
                """, new { place, at = app.Clock.GetUtcNow().UtcDateTime });
        var client = await app.StaffPagesAsync(world.OfficerA);

        var accessResponse = await client.GetAsync($"/console/places/{place}/access");
        var access = await accessResponse.Content.ReadAsStringAsync();
        accessResponse.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        access.ShouldContain("data-chart=\"by-day\"");
        access.ShouldContain("data-chart=\"by-hour\"");
        Regex.Matches(access, "<rect ").Count.ShouldBe(30 + 24);
        access.ShouldContain("revoked");
        access.ShouldContain("共 60 条记录");
        access.ShouldNotContain("身份证");

        var refusedResponse = await client.GetAsync($"/console/places/{place}/access?result=refused");
        var refused = await refusedResponse.Content.ReadAsStringAsync();
        refusedResponse.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        refused.ShouldContain("共 12 条记录");

        var dashboard = await client.GetStringAsync($"/console/places/dashboard?unionId={street}");
        dashboard.ShouldContain("data-chart=\"by-day\"");
        dashboard.ShouldContain($"/console/places/{place}/access");
        Regex.Match(dashboard, "data-testid=\"total-30\">(\\d+)<").Groups[1].Value.ShouldBe("48");

        (await (await app.StaffPagesAsync(world.OfficerB)).GetAsync($"/console/places/{place}/access")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_and_messages_switch_to_english()
    {
        await app.InsertPlaceAsync(world.DistrictA, name: "英文测试驿站");
        var client = app.CreateBrowserLikeClient();
        (await client.GetAsync("/culture/en?returnUrl=/places")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await client.GetStringAsync("/places");
        html.ShouldContain("Union places near you");
        html.ShouldContain("Outdoor workers");
        html.ShouldContain("Drinking water");

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/places/nearby?lat=95&lng=121");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await app.CreateClient().SendAsync(request);
        (await response.FieldErrorAsync("lat")).ShouldBe("The latitude must be between -90 and 90");
    }
}
