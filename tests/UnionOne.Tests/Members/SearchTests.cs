using System.Net;
using System.Text.Json;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class SearchTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static List<string> Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task Search_by_name_prefix_phone_id_suffix_tag_job_type_and_status_never_shows_full_numbers()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var id1 = MemberTestData.IdNumber();
        var id2 = MemberTestData.IdNumber(male: false);
        var id3 = MemberTestData.IdNumber();
        var (_, memberNo) = await app.InsertMemberAsync(world.FactoryA, "欧阳明", id1, phone, tags: ["劳模"]);
        await app.InsertMemberAsync(world.FactoryA, "欧阳丽", id2, MemberTestData.Phone(), JobType.Rider, ["困难职工"]);
        await app.InsertMemberAsync(world.RidersA, "欧文", id3, MemberTestData.Phone(), JobType.Courier, status: MemberStatus.Retired);
        await app.InsertMemberAsync(world.SchoolB, "欧阳娜", MemberTestData.IdNumber(male: false), MemberTestData.Phone(), JobType.Teacher, ["劳模"]);
        var staff = await app.StaffApiAsync(world.OfficerA);

        async Task<JsonElement> Get(string query)
        {
            var response = await staff.GetAsync("/api/v1/members?" + query);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text + app.Errors);
            foreach (var id in new[] { id1, id2, id3 }) text.ShouldNotContain(id);
            text.ShouldNotContain(phone);
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        Names(await Get("q=" + Uri.EscapeDataString("欧阳"))).ShouldBe(["欧阳丽", "欧阳明"]);
        Names(await Get("q=" + Uri.EscapeDataString("欧"))).ShouldBe(["欧文", "欧阳丽", "欧阳明"]);
        Names(await Get("q=" + Uri.EscapeDataString("阳"))).ShouldBeEmpty();
        var byPhone = await Get("phone=" + phone);
        Names(byPhone).ShouldBe(["欧阳明"]);
        var item = byPhone.GetProperty("items")[0];
        item.GetProperty("phoneMasked").GetString().ShouldBe(phone[..3] + "****" + phone[^4..]);
        item.GetProperty("idNumberMasked").GetString().ShouldBe(id1[..6] + "********" + id1[^4..]);
        item.GetProperty("jobTypeLabel").GetString().ShouldBe("企业职工");
        item.GetProperty("statusLabel").GetString().ShouldBe("在会");
        item.GetProperty("unionId").GetInt64().ShouldBe(world.FactoryA);
        Names(await Get("idSuffix=" + id2[^4..])).ShouldBe(["欧阳丽"]);
        Names(await Get("q=" + memberNo.ToLowerInvariant())).ShouldBe(["欧阳明"]);
        Names(await Get("tag=" + Uri.EscapeDataString("劳模"))).ShouldBe(["欧阳明"]);
        Names(await Get("jobType=rider")).ShouldBe(["欧阳丽"]);
        Names(await Get("jobType=" + Uri.EscapeDataString("快递员"))).ShouldBe(["欧文"]);
        Names(await Get("status=retired")).ShouldBe(["欧文"]);
        Names(await Get($"unionId={world.RidersA}")).ShouldBe(["欧文"]);

        // The city sees both districts.
        var city = await app.StaffApiAsync(world.CityOfficer);
        var all = await (await city.GetAsync("/api/v1/members?tag=" + Uri.EscapeDataString("劳模"))).JsonAsync();
        Names(all).ShouldBe(["欧阳娜", "欧阳明"]);
    }

    [Fact]
    public async Task Pages_have_has_more_and_a_total_only_on_the_last_page()
    {
        var world = await MemberWorld.CreateAsync(app);
        for (var i = 0; i < 5; i++) await app.InsertMemberAsync(world.SchoolB, "翁" + "一二三四五"[i] + "妹", MemberTestData.IdNumber(male: false), MemberTestData.Phone());
        var staff = await app.StaffApiAsync(world.OfficerB);

        var first = await (await staff.GetAsync($"/api/v1/members?unionId={world.SchoolB}&pageSize=2")).JsonAsync();
        first.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        first.GetProperty("total").ValueKind.ShouldBe(JsonValueKind.Null);
        Names(first).ShouldBe(["翁一妹", "翁三妹"]);
        var last = await (await staff.GetAsync($"/api/v1/members?unionId={world.SchoolB}&pageSize=2&page=3")).JsonAsync();
        last.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
        last.GetProperty("total").GetInt64().ShouldBe(5);
        Names(last).ShouldBe(["翁四妹"]);
        var capped = await (await staff.GetAsync($"/api/v1/members?unionId={world.SchoolB}&pageSize=1000")).JsonAsync();
        capped.GetProperty("pageSize").GetInt32().ShouldBe(100);
    }

    [Fact]
    public async Task Another_district_is_not_found_and_bad_filters_are_field_errors()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "夏雨", MemberTestData.IdNumber(), MemberTestData.Phone());
        var staffB = await app.StaffApiAsync(world.OfficerB);

        (await staffB.GetAsync($"/api/v1/members?unionId={world.FactoryA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staffB.GetAsync($"/api/v1/members/{memberId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Names(await (await staffB.GetAsync("/api/v1/members?q=" + Uri.EscapeDataString("夏"))).JsonAsync()).ShouldNotContain("夏雨");

        var badPhone = await staffB.GetAsync("/api/v1/members?phone=1390000");
        badPhone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badPhone.JsonAsync()).GetProperty("errors").GetProperty("phone")[0].GetString()!.ShouldContain("11位");
        var badSuffix = await staffB.GetAsync("/api/v1/members?idSuffix=12");
        badSuffix.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badSuffix.JsonAsync()).GetProperty("errors").GetProperty("idSuffix")[0].GetString()!.ShouldContain("后4位");
        (await staffB.GetAsync("/api/v1/members?jobType=astronaut")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Like_wildcards_in_the_name_search_are_literal()
    {
        var world = await MemberWorld.CreateAsync(app);
        await app.InsertMemberAsync(world.FactoryA, "闻一多", MemberTestData.IdNumber(), MemberTestData.Phone());
        var staff = await app.StaffApiAsync(world.OfficerA);
        Names(await (await staff.GetAsync("/api/v1/members?q=%25")).JsonAsync()).ShouldBeEmpty();
        Names(await (await staff.GetAsync("/api/v1/members?q=_")).JsonAsync()).ShouldBeEmpty();
    }
}
