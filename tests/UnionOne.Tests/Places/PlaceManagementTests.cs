using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class PlaceManagementTests(PlacesApp app) : IClassFixture<PlacesApp>, IAsyncLifetime
{
    private PlaceWorld world = null!;

    public async Task InitializeAsync() => world = await PlaceWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> CountAsync()
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from places.places");
    }

    [Fact]
    public async Task An_officer_creates_a_station_and_reads_it_back_with_both_coordinate_systems()
    {
        var client = await app.StaffApiAsync(world.OfficerA);
        var body = PlaceApi.Station(world.DistrictA, b => b["contactPhone"] = "0576 8812 3456".Replace(" ", "", StringComparison.Ordinal));
        var id = await PlaceApi.CreateAsync(client, body);

        var place = await (await client.GetAsync($"/api/v1/places/{id}")).ReadJsonAsync();
        place.GetProperty("name").GetString().ShouldBe((string)body["name"]!);
        place.GetProperty("kind").GetString().ShouldBe("outdoorStation");
        place.GetProperty("unionId").GetInt64().ShouldBe(world.DistrictA);
        place.GetProperty("facilities").EnumerateArray().Select(f => f.GetString()).ShouldBe(["water", "charging", "microwave"]);
        place.GetProperty("wgs84").GetProperty("latitude").GetDouble().ShouldBe(28.6846);
        // GCJ-02 lies a few hundred metres off in Taizhou: latitude lower, longitude higher.
        place.GetProperty("gcj02").GetProperty("latitude").GetDouble().ShouldBeInRange(28.680, 28.6844);
        place.GetProperty("gcj02").GetProperty("longitude").GetDouble().ShouldBeInRange(121.4485, 121.460);
        place.GetProperty("checklist").GetProperty("onMap").GetBoolean().ShouldBeTrue();
        place.GetProperty("checklist").GetProperty("rules").GetBoolean().ShouldBeFalse();
        place.GetProperty("openingHours")[0].GetProperty("days").GetArrayLength().ShouldBe(5);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'place.created' and subject_id = @id", new { id = id.ToString() })).ShouldBe(1);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "name", "x", "名称应为2-60个字符" },
        { "name", "<script>驿站", "名称不能包含 < > 等特殊字符" },
        { "address", "", "地址应为2-200个字符" },
        { "latitude", "0,0", "坐标不能为 0,0，请在地图上取点" },
        { "latitude", "95", "纬度应在-90到90之间" },
        { "longitude", "-181", "经度应在-180到180之间" },
        { "latitude", "swapped", "坐标不在中国境内，请检查是否把经纬度填反" },
        { "latitude", "missing", "请填写纬度" },
        { "openingHours", "empty", "请填写开放时间，或选择24小时开放" },
        { "openingHours", "25:00", "时间格式应为 HH:mm，例如 08:30" },
        { "openingHours", "reversed", "结束时间须晚于开始时间（跨夜请分两段填写）" },
        { "openingHours", "day8", "开放日应为周一至周日（1-7）" },
        { "openingHours", "overlap", "同一天的开放时段不能重叠" },
        { "facilities", "sauna", "未知的设施：sauna" },
        { "capacity", "-1", "容纳人数应在0-100000之间" },
        { "capacity", "missing", "请填写容纳人数" },
        { "contactPhone", "123", "联系电话应为11位手机号、带区号的固定电话（如 0576-88888888）或服务热线" },
        { "kind", "9", "请选择阵地类型" },
        { "admits", "3", "请选择准入范围" },
        { "parentPlaceId", "hall-without-palace", "文化宫厅室须选择所属工人文化宫" },
        { "parentPlaceId", "station-with-parent", "只有文化宫厅室需要选择所属文化宫" },
        { "typicalStayMinutes", "1", "平均停留时间应在5-720分钟之间" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Each_bad_input_gets_a_chinese_field_error_and_nothing_is_created(string field, string variant, string message)
    {
        var client = await app.StaffApiAsync(world.OfficerA);
        var body = PlaceApi.Station(world.DistrictA, b =>
        {
            switch (field, variant)
            {
                case ("latitude", "0,0"): b["latitude"] = 0.0; b["longitude"] = 0.0; break;
                case ("latitude", "swapped"): b["latitude"] = 121.44 - 100; b["longitude"] = 28.68; break;
                case ("latitude", "missing"): b["latitude"] = null; break;
                case ("latitude", _): b["latitude"] = double.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                case ("longitude", _): b["longitude"] = double.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                case ("openingHours", "empty"): b["openingHours"] = Array.Empty<object>(); break;
                case ("openingHours", "25:00"): b["openingHours"] = new object[] { new { days = new[] { 1 }, from = "08:00", to = "25:00" } }; break;
                case ("openingHours", "reversed"): b["openingHours"] = new object[] { new { days = new[] { 1 }, from = "20:00", to = "08:00" } }; break;
                case ("openingHours", "day8"): b["openingHours"] = new object[] { new { days = new[] { 8 }, from = "08:00", to = "20:00" } }; break;
                case ("openingHours", "overlap"):
                    b["openingHours"] = new object[] { new { days = new[] { 1, 2 }, from = "08:00", to = "12:00" }, new { days = new[] { 2 }, from = "11:00", to = "14:00" } };
                    break;
                case ("facilities", _): b["facilities"] = new[] { "water", variant }; break;
                case ("capacity", "missing"): b["capacity"] = null; break;
                case ("capacity", _): b["capacity"] = int.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                case ("kind", _): b["kind"] = int.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                case ("admits", _): b["admits"] = int.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                case ("parentPlaceId", "hall-without-palace"): b["kind"] = 2; break;
                case ("parentPlaceId", "station-with-parent"): b["parentPlaceId"] = 1; break;
                case ("typicalStayMinutes", _): b["typicalStayMinutes"] = int.Parse(variant, System.Globalization.CultureInfo.InvariantCulture); break;
                default: b[field] = variant; break;
            }
        });
        var before = await CountAsync();

        var response = await client.PostAsJsonAsync("/api/v1/places", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.FieldErrorAsync(field)).ShouldBe(message);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_edit_with_bad_input_changes_nothing_and_a_good_edit_changes_everything_it_names()
    {
        var client = await app.StaffApiAsync(world.OfficerA);
        var body = PlaceApi.Station(world.DistrictA);
        var id = await PlaceApi.CreateAsync(client, body);

        var bad = PlaceApi.Station(world.DistrictA, b => { b["name"] = "改过的名字"; b["latitude"] = 0.0; b["longitude"] = 0.0; });
        (await client.PutAsJsonAsync($"/api/v1/places/{id}", bad)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<string>("select name from places.places where id = @id", new { id })).ShouldBe((string)body["name"]!);

        var good = PlaceApi.Station(world.DistrictA, b =>
        {
            b["name"] = "白云街道爱心驿站";
            b["open24h"] = true;
            b["openingHours"] = Array.Empty<object>();
            b["facilities"] = new[] { "toilet", "mothers-room", "water" };
            b["capacity"] = 30;
            b["admits"] = 2;
            b["scansExits"] = true;
        });
        var response = await client.PutAsJsonAsync($"/api/v1/places/{id}", good);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var row = await conn.QuerySingleAsync<(string Name, bool Open24h, string[] Facilities, int Capacity, short Admits, bool ScansExits, string Hours)>(
            "select name, open_24h, facilities, capacity, admits, scans_exits, opening_hours::text from places.places where id = @id", new { id });
        row.Name.ShouldBe("白云街道爱心驿站");
        row.Open24h.ShouldBeTrue();
        row.Facilities.ShouldBe(["water", "toilet", "mothers-room"]); // vocabulary order
        row.Capacity.ShouldBe(30);
        row.Admits.ShouldBe((short)PlaceAdmission.SubtreeMembers);
        row.ScansExits.ShouldBeTrue();
        row.Hours.ShouldBe("[]");
    }

    [Fact]
    public async Task Staff_of_another_district_get_404_and_a_viewer_403_and_nothing_changes()
    {
        var id = await PlaceApi.CreateAsync(await app.StaffApiAsync(world.OfficerA), PlaceApi.Station(world.DistrictA));
        var other = await app.StaffApiAsync(world.OfficerB);
        var viewer = await app.StaffApiAsync(world.ViewerA);

        (await other.GetAsync($"/api/v1/places/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/v1/places/{id}", PlaceApi.Station(world.DistrictB))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/places/{id}/status", new { status = 3, reason = "测试" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/v1/places", PlaceApi.Station(world.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/places/{id}/access")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await viewer.GetAsync($"/api/v1/places/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PutAsJsonAsync($"/api/v1/places/{id}", PlaceApi.Station(world.DistrictA, b => b["name"] = "查看者改名"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsJsonAsync($"/api/v1/places/{id}/status", new { status = 3, reason = "测试" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsJsonAsync("/api/v1/places", PlaceApi.Station(world.DistrictA))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Moving a place into a union outside one's subtree is "not found" too.
        var officer = await app.StaffApiAsync(world.OfficerA);
        (await officer.PutAsJsonAsync($"/api/v1/places/{id}", PlaceApi.Station(world.DistrictB))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var conn = await app.OpenAsync();
        var row = await conn.QuerySingleAsync<(long UnionId, short Status, string Name)>("select union_id, status, name from places.places where id = @id", new { id });
        row.UnionId.ShouldBe(world.DistrictA);
        row.Status.ShouldBe((short)PlaceStatus.Open);
        row.Name.ShouldNotBe("查看者改名");

        var list = await (await other.GetAsync("/api/v1/places")).ReadJsonAsync();
        list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ShouldNotContain(id);
        var cityList = await (await (await app.StaffApiAsync(world.CityChair)).GetAsync($"/api/v1/places?unionId={world.DistrictA}")).ReadJsonAsync();
        cityList.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ShouldContain(id);
    }

    [Fact]
    public async Task A_palace_has_halls_and_closes_only_after_them()
    {
        var client = await app.StaffApiAsync(world.CityChair);
        var palace = await PlaceApi.CreateAsync(client, PlaceApi.Station(world.City, b => { b["kind"] = 1; b["name"] = TestActors.Unique("台州市工人文化宫"); b["capacity"] = 800; }));
        var hall = await PlaceApi.CreateAsync(client, PlaceApi.Station(world.City, b => { b["kind"] = 2; b["parentPlaceId"] = palace; b["name"] = "职工健身房"; b["facilities"] = new[] { "fitness" }; }));
        var station = await PlaceApi.CreateAsync(client, PlaceApi.Station(world.City));

        // A hall under a station is refused.
        var response = await client.PostAsJsonAsync("/api/v1/places", PlaceApi.Station(world.City, b => { b["kind"] = 2; b["parentPlaceId"] = station; }));
        (await response.FieldErrorAsync("parentPlaceId")).ShouldBe("所属工人文化宫不存在");

        var detail = await (await client.GetAsync($"/api/v1/places/{palace}")).ReadJsonAsync();
        detail.GetProperty("halls").EnumerateArray().Select(h => h.GetProperty("id").GetInt64()).ShouldBe([hall]);

        var closePalace = await client.PostAsJsonAsync($"/api/v1/places/{palace}/status", new { status = 3, reason = "场馆改造" });
        closePalace.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await closePalace.ReadJsonAsync()).GetProperty("detail").GetString().ShouldBe("请先关闭该文化宫下的各个厅室");

        var noReason = await client.PostAsJsonAsync($"/api/v1/places/{hall}/status", new { status = 3 });
        (await noReason.FieldErrorAsync("reason")).ShouldBe("请填写关闭原因");

        (await client.PostAsJsonAsync($"/api/v1/places/{hall}/status", new { status = 3, reason = "场馆改造" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsJsonAsync($"/api/v1/places/{palace}/status", new { status = 3, reason = "场馆改造" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var reopenHall = await client.PostAsJsonAsync($"/api/v1/places/{hall}/status", new { status = 1 });
        reopenHall.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<short>("select status from places.places where id = @palace", new { palace })).ShouldBe((short)PlaceStatus.Closed);
        (await conn.ExecuteScalarAsync<string>("select closed_reason from places.places where id = @palace", new { palace })).ShouldBe("场馆改造");
        (await conn.ExecuteScalarAsync<short>("select status from places.places where id = @hall", new { hall })).ShouldBe((short)PlaceStatus.Closed);
    }

    [Fact]
    public async Task A_deregistered_union_gets_no_new_place()
    {
        var gone = await app.CreateUnionAsync(TestActors.Unique("已注销工会"), UnionOne.Modules.Organisations.Contracts.UnionLevel.Federation, world.DistrictA, "331002", "street-federation");
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update org.unions set status = 3 where id = @gone", new { gone });
        app.Service<UnionOne.Modules.Organisations.Tree.OrganisationDirectory>().Invalidate();
        var before = await CountAsync();

        var response = await (await app.StaffApiAsync(world.OfficerA)).PostAsJsonAsync("/api/v1/places", PlaceApi.Station(gone));

        (await response.FieldErrorAsync("unionId")).ShouldBe("所属工会已注销或合并，不能新增或调整阵地");
        (await CountAsync()).ShouldBe(before);
    }
}
