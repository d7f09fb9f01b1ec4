using System.Net;
using System.Text.Json;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class JoinApiTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static object Body(string name, string idNumber, string phone, string? joinCode = null, string jobType = "企业职工",
        string? employer = "甲区机械厂", string? region = null) =>
        new { name, idNumber, phone, jobType, employerName = employer, joinCode, regionCode = region };

    [Fact]
    public async Task Join_by_code_files_a_pending_request_to_that_union_and_shows_in_my_requests()
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber();

        var response = await app.JoinAsync(phone, Body("王晓明", idNumber, phone, code));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var created = await response.JsonAsync();
        created.GetProperty("unionId").GetInt64().ShouldBe(world.FactoryA);
        created.GetProperty("toHoldingPool").GetBoolean().ShouldBeFalse();
        await using var conn = await app.OpenAsync();
        var row = await conn.QuerySingleAsync<(long UnionId, short Status, bool Pool, string Name)>(
            "select union_id, status, to_holding_pool, name from members.join_requests where id = @id", new { id = created.GetProperty("id").GetInt64() });
        row.ShouldBe((world.FactoryA, (short)1, false, "王晓明"));
        // Stored encrypted: the clear ID number is nowhere in the row.
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.join_requests where encode(id_number_enc, 'escape') like '%' || @idNumber || '%'", new { idNumber })).ShouldBe(0);

        var mine = await app.MemberApi(phone).GetAsync("/api/v1/me/join-requests");
        var list = await mine.JsonAsync();
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("status").GetString().ShouldBe("pending");
        list[0].GetProperty("statusLabel").GetString().ShouldBe("待审核");
        list[0].GetProperty("idNumberMasked").GetString().ShouldBe(idNumber[..6] + "********" + idNumber[^4..]);
        // Someone else's phone sees none of it.
        (await (await app.MemberApi(MemberTestData.Phone()).GetAsync("/api/v1/me/join-requests")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    public static TheoryData<string, string, string, string> BadInputs()
    {
        var good = MemberTestData.IdNumber();
        var first17 = good[..17];
        var wrongCheck = first17 + (good[17] == '0' ? '1' : '0');
        var impossibleBirth = "110105" + "19490231" + "123";
        impossibleBirth += UnionOne.Platform.Identifiers.ResidentIdNumber.CheckCharacter(impossibleBirth);
        return new TheoryData<string, string, string, string>
        {
            { "idNumber", "王晓明", wrongCheck, "校验位" },
            { "idNumber", "王晓明", impossibleBirth, "出生日期" },
            { "idNumber", "王晓明", first17, "18位" },
            { "phone", "王晓明", good, "11位" },
            { "name", "<script>alert(1)</script>", good, "姓名只能包含" },
            { "name", "王<b>明</b>", good, "姓名只能包含" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_chinese_field_error_and_writes_nothing(string field, string name, string idNumber, string expected)
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var phone = MemberTestData.Phone();
        var sentPhone = field == "phone" ? phone[..10] : phone;
        var before = await app.CountAsync("select count(*) from members.join_requests");

        var response = await app.JoinAsync(phone, Body(name, idNumber, sentPhone, code));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        messages.ShouldContain(m => m!.Contains(expected), string.Join("|", messages));
        (await app.CountAsync("select count(*) from members.join_requests")).ShouldBe(before);
    }

    [Fact]
    public async Task A_phone_other_than_the_signed_in_one_is_refused()
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var signedIn = MemberTestData.Phone();

        var response = await app.JoinAsync(signedIn, Body("李红梅", MemberTestData.IdNumber(male: false), MemberTestData.Phone(), code));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("phone")[0].GetString().ShouldBe("手机号与登录手机号不一致");
        (await app.CountAsync("select count(*) from members.join_requests where union_id = @u", new { u = world.FactoryA })).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_join_code_and_a_missing_region_are_field_errors()
    {
        var phone = MemberTestData.Phone();
        var badCode = await app.JoinAsync(phone, Body("李红梅", MemberTestData.IdNumber(), phone, "NOSUCHCODE"));
        badCode.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badCode.JsonAsync()).GetProperty("errors").GetProperty("joinCode")[0].GetString()!.ShouldContain("入会码无效");

        var noRegion = await app.JoinAsync(phone, Body("李红梅", MemberTestData.IdNumber(), phone));
        noRegion.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noRegion.JsonAsync()).GetProperty("errors").GetProperty("regionCode")[0].GetString()!.ShouldContain("区县");
    }

    [Fact]
    public async Task Without_a_union_a_rider_goes_to_the_riders_federation_and_a_factory_worker_to_the_district_pool()
    {
        var world = await MemberWorld.CreateAsync(app);
        var rider = MemberTestData.Phone();
        var worker = MemberTestData.Phone();

        var riderResponse = await app.JoinAsync(rider, Body("赵小龙", MemberTestData.IdNumber(), rider, jobType: "外卖骑手", employer: "某外卖平台站点", region: world.RegionA));
        var workerResponse = await app.JoinAsync(worker, Body("钱大勇", MemberTestData.IdNumber(), worker, jobType: "Worker", employer: "某五金加工厂", region: world.RegionA));

        riderResponse.StatusCode.ShouldBe(HttpStatusCode.Created, await riderResponse.Content.ReadAsStringAsync());
        workerResponse.StatusCode.ShouldBe(HttpStatusCode.Created, await workerResponse.Content.ReadAsStringAsync());
        var riderRequest = await riderResponse.JsonAsync();
        var workerRequest = await workerResponse.JsonAsync();
        riderRequest.GetProperty("unionId").GetInt64().ShouldBe(world.RidersA);
        riderRequest.GetProperty("toHoldingPool").GetBoolean().ShouldBeTrue();
        workerRequest.GetProperty("unionId").GetInt64().ShouldBe(world.DistrictA);
        workerRequest.GetProperty("toHoldingPool").GetBoolean().ShouldBeTrue();
        (await app.CountAsync("select count(*) from members.join_requests where to_holding_pool and region_code = @r", new { r = world.RegionA })).ShouldBe(2);
    }

    [Fact]
    public async Task Without_a_union_the_employer_name_is_required()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var response = await app.JoinAsync(phone, Body("孙丽", MemberTestData.IdNumber(male: false), phone, employer: null, region: world.RegionB));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("employerName")[0].GetString().ShouldBe("请填写工作单位名称");
    }

    [Fact]
    public async Task One_pending_request_per_id_number()
    {
        var world = await MemberWorld.CreateAsync(app);
        var code = await app.JoinCodeAsync(world.FactoryA);
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber();
        (await app.JoinAsync(phone, Body("周杰", idNumber, phone, code))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var again = await app.JoinAsync(phone, Body("周杰", idNumber, phone, await app.JoinCodeAsync(world.SchoolB)));

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.JsonAsync()).GetProperty("detail").GetString().ShouldBe("已有待审核的入会申请");
        (await app.CountAsync("select count(*) from members.join_requests where union_id = @u", new { u = world.SchoolB })).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_id_number_is_refused_naming_the_union_with_the_id_masked()
    {
        var world = await MemberWorld.CreateAsync(app);
        var idNumber = MemberTestData.IdNumber();
        await app.InsertMemberAsync(world.SchoolB, "吴敏", idNumber, MemberTestData.Phone());
        var schoolName = (await app.Service<UnionOne.Modules.Organisations.Contracts.IOrganisationDirectory>().FindAsync(world.SchoolB))!.Name;
        var phone = MemberTestData.Phone();
        var before = await app.CountAsync("select count(*) from members.join_requests");

        var response = await app.JoinAsync(phone, Body("吴敏", idNumber.ToLowerInvariant(), phone, await app.JoinCodeAsync(world.FactoryA)));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        detail.ShouldBe($"该身份证号已是「{schoolName}」会员（{idNumber[..6]}********{idNumber[^4..]}）");
        detail.ShouldNotContain(idNumber[6..14]);
        (await app.CountAsync("select count(*) from members.join_requests")).ShouldBe(before);
    }

    [Fact]
    public async Task Join_requires_a_verified_phone()
    {
        var response = await app.CreateClient().PostAsync("/api/v1/join-requests", JsonContent("{}"));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task English_is_spoken_when_asked()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var client = app.MemberApi(phone);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await client.PostAsync("/api/v1/join-requests", JsonContent(JsonSerializer.Serialize(
            Body("王晓明", MemberTestData.IdNumber(), MemberTestData.Phone(), await app.JoinCodeAsync(world.FactoryA)))));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("phone")[0].GetString().ShouldBe("The phone number differs from the one you signed in with");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
