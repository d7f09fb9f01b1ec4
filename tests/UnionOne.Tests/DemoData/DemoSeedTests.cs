using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using UnionOne.Modules.DemoData;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Demo;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.DemoData;

public sealed class DemoSeedTests(DemoApp app) : IClassFixture<DemoApp>
{
    private sealed class MemberRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public byte[] IdEnc { get; set; } = [];

        public byte[] IdHash { get; set; } = [];

        public byte[] PhoneEnc { get; set; } = [];

        public string Gender { get; set; } = "";

        public DateOnly Birth { get; set; }

        public DateOnly Joined { get; set; }

        public short JobType { get; set; }

        public string[] Tags { get; set; } = [];

        public string Region { get; set; } = "";

        public string UnionKind { get; set; } = "";

        public string ParentName { get; set; } = "";
    }

    [Fact]
    public async Task Start_up_seeds_a_city_federation_with_five_districts_and_about_300_grassroots_unions()
    {
        _ = app.Services; // starts the host: migrations, then the seeders
        await using var conn = await app.OpenAsync();

        var levels = (await conn.QueryAsync<(short Level, long Count)>("select level, count(*) from org.unions group by level order by level")).ToDictionary(x => (UnionLevel)x.Level, x => x.Count);
        levels.ShouldBe(new Dictionary<UnionLevel, long> { [UnionLevel.City] = 1, [UnionLevel.County] = 5, [UnionLevel.Federation] = 22, [UnionLevel.Grassroots] = 290 }, ignoreOrder: true);
        (await conn.QueryAsync<string>("select name from org.unions where level = 3 order by region_code"))
            .ShouldBe(["椒江区总工会", "黄岩区总工会", "路桥区总工会", "温岭市总工会", "玉环市总工会"]);
        (await conn.QueryAsync<string>("select region_code from org.unions where level = 3 order by region_code"))
            .ShouldBe(["331002", "331003", "331004", "331081", "331083"]);
        (await conn.QueryAsync<string>("select name from org.unions where serves_new_employment order by id"))
            .ShouldContain("台州市外卖配送行业工会联合会");
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions where serves_new_employment and level = 4")).ShouldBe(7);

        var creditCodes = (await conn.QueryAsync<string>("select credit_code from org.unions where level = 5")).ToList();
        creditCodes.ShouldAllBe(c => SocialCreditCode.IsValid(c));
        creditCodes.Distinct().Count().ShouldBe(290);
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions where join_code is null or address is null or founded_on is null")).ShouldBe(0);
    }

    [Fact]
    public async Task Twenty_thousand_members_have_valid_ID_numbers_of_their_district_and_unique_phones()
    {
        _ = app.Services;
        await using var conn = await app.OpenAsync();
        var members = (await conn.QueryAsync<MemberRow>("""
            select m.id, m.name, m.id_number_enc as IdEnc, m.id_number_hash as IdHash, m.phone_enc as PhoneEnc, m.gender, m.birth_date as Birth,
                   m.joined_on as Joined, m.job_type as JobType, m.tags, u.region_code as Region, u.kind as UnionKind, p.name as ParentName
            from members.members m join org.unions u on u.id = m.union_id join org.unions p on p.id = u.parent_id
            """)).ToList();
        members.Count.ShouldBe(DemoCitySeeder.Members);

        var cipher = app.Service<IPersonalDataCipher>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var phones = new HashSet<string>();
        foreach (var m in members)
        {
            var id = ResidentIdNumber.TryParse(cipher.Decrypt(PersonalDataPurposes.IdNumber, m.IdEnc), out var error);
            id.ShouldNotBeNull(error);
            id.RegionCode.ShouldBe(m.Region.Trim());
            id.BirthDate.ShouldBe(m.Birth);
            id.Gender.ToString().ShouldBe(m.Gender);
            m.Birth.Year.ShouldBeInRange(1962, 2006);
            m.Joined.ShouldBeLessThanOrEqualTo(today);
            m.Joined.ShouldBeGreaterThanOrEqualTo(m.Birth.AddYears(16));
            cipher.LookupHash(PersonalDataPurposes.IdNumber, id.Value).ShouldBe(m.IdHash);
            PersonName.TryNormalize(m.Name, out _).ShouldBe(m.Name);
            var phone = cipher.Decrypt(PersonalDataPurposes.Phone, m.PhoneEnc);
            MobilePhone.IsValid(phone).ShouldBeTrue(phone);
            phones.Add(phone).ShouldBeTrue("phones are unique");
        }

        // Job types fit the union: riders in the riders' federation, teachers in schools, medical staff in hospitals.
        members.Where(m => m.ParentName == "台州市外卖配送行业工会联合会").ShouldAllBe(m => m.JobType == 10);
        members.Where(m => m.ParentName == "台州市快递物流行业工会联合会").ShouldAllBe(m => m.JobType == 11);
        members.Count(m => m.ParentName == "台州市外卖配送行业工会联合会").ShouldBeGreaterThan(100);
        members.Where(m => m.UnionKind == "school").Count(m => m.JobType == 2).ShouldBeGreaterThan(members.Count(m => m.UnionKind == "school") / 2);
        members.Where(m => m.UnionKind == "hospital").Count(m => m.JobType == 3).ShouldBeGreaterThan(members.Count(m => m.UnionKind == "hospital") / 2);
        members.Select(m => m.Name).Distinct().Count().ShouldBeGreaterThan(2_000);
        members.Count(m => m.Name.StartsWith('陈') || m.Name.StartsWith('王')).ShouldBeGreaterThan(members.Count(m => m.Name.StartsWith('管')) * 5);

        var model = members.Count(m => m.Tags.Contains("劳模"));
        model.ShouldBeInRange(1, 200);
        members.Count(m => m.Tags.Contains("工匠")).ShouldBeGreaterThan(model);
        members.Count(m => m.Tags.Contains("困难职工")).ShouldBeGreaterThan(0);
        members.Count(m => m.Tags.Contains("退役军人")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Coverage_is_below_reported_employees_and_there_are_pending_join_requests_and_history()
    {
        _ = app.Services;
        await using var conn = await app.OpenAsync();
        var coverage = (await conn.QueryAsync<(long Members, int Employees)>("""
            select count(m.id), u.employees_reported from org.unions u left join members.members m on m.union_id = u.id
            where u.level = 5 group by u.id, u.employees_reported
            """)).ToList();
        coverage.ShouldAllBe(c => c.Members > 0 && c.Members < c.Employees);
        var total = coverage.Sum(c => c.Members) / (double)coverage.Sum(c => c.Employees);
        total.ShouldBeInRange(0.6, 0.95);

        (await conn.ExecuteScalarAsync<long>("select count(*) from members.join_requests where status = 1")).ShouldBeInRange(5, 12);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.join_requests where status = 1 and to_holding_pool")).ShouldBeGreaterThan(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.join_requests r join members.members m on m.id_number_hash = r.id_number_hash")).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.membership_events where kind = 'joined'")).ShouldBe(DemoCitySeeder.Members);
    }

    [Fact]
    public async Task One_staff_account_per_level_with_the_demo_password()
    {
        _ = app.Services;
        await using var conn = await app.OpenAsync();
        var staff = (await conn.QueryAsync<(string UserName, string PasswordHash, short Role, short Level, string UnionName)>("""
            select s.user_name, s.password_hash, r.role, u.level, u.name
            from identity.staff_users s join identity.staff_roles r on r.staff_id = s.id join org.unions u on u.id = r.union_id
            order by s.id
            """)).ToList();
        staff.Select(s => s.UserName).ShouldBe(DemoAccounts.All.Select(a => a.UserName));
        var byName = staff.ToDictionary(s => s.UserName);
        byName["city_admin"].ShouldSatisfyAllConditions(s => s.Level.ShouldBe((short)UnionLevel.City), s => s.Role.ShouldBe((short)StaffRole.Chair));
        byName["jiaojiang_admin"].UnionName.ShouldBe("椒江区总工会");
        byName["jiaojiang_admin"].Role.ShouldBe((short)StaffRole.Officer);
        byName["haimen_admin"].Level.ShouldBe((short)UnionLevel.Federation);
        byName["factory_admin"].Level.ShouldBe((short)UnionLevel.Grassroots);
        byName["factory_admin"].UnionName.ShouldBe("台州明凯智能卫浴有限公司工会"); // named in docs/demo-accounts.md
        byName["city_viewer"].Role.ShouldBe((short)StaffRole.Viewer);
        var hasher = new PasswordHasher<object>();
        staff.ShouldAllBe(s => hasher.VerifyHashedPassword(new object(), s.PasswordHash, DemoAccounts.Password) != PasswordVerificationResult.Failed);
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from members.join_requests r join identity.staff_roles sr on sr.union_id = r.union_id
            join identity.staff_users s on s.id = sr.staff_id where s.user_name = 'factory_admin' and r.status = 1
            """)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        _ = app.Services;
        await using var conn = await app.OpenAsync();
        var before = await conn.ExecuteScalarAsync<long>("select (select count(*) from org.unions) + (select count(*) from members.members) + (select count(*) from identity.staff_users)");

        (await app.Service<DemoCitySeeder>().EnsureSeededAsync()).ShouldBeFalse();

        (await conn.ExecuteScalarAsync<long>("select (select count(*) from org.unions) + (select count(*) from members.members) + (select count(*) from identity.staff_users)")).ShouldBe(before);
    }

    [Fact]
    public async Task The_demo_city_has_a_subsidy_event_open_for_applications_with_thirty_timed_slots()
    {
        _ = app.Services; // starts the host: migrations, then the seeders
        await using var conn = await app.OpenAsync();
        var e = await conn.QuerySingleAsync<(long Id, short Mode, DateTime Closes, long Union)>(
            "select e.id, e.mode, e.apply_closes_at, e.union_id from subsidy.events e");
        e.Mode.ShouldBe((short)2);
        e.Closes.ShouldBeGreaterThan(DateTime.UtcNow);
        (await conn.ExecuteScalarAsync<string>("select name from org.unions where id = @Union", new { e.Union })).ShouldBe(DemoCatalog.CityName);
        (await conn.ExecuteScalarAsync<long>("select count(*) from subsidy.slots where event_id = @Id and capacity = 500 and starts_at > now()", new { e.Id })).ShouldBe(30);
        // The draw mixes in a public value announced the day after applications close.
        var dayAfter = DateOnly.FromDateTime(e.Closes.AddHours(8).AddDays(1));
        (await conn.ExecuteScalarAsync<string>("select beacon_source from subsidy.events where id = @Id", new { e.Id }))
            .ShouldBe($"{dayAfter.Year}年{dayAfter.Month}月{dayAfter.Day}日中国体育彩票排列5开奖号码");
    }

    [Fact]
    public async Task The_demo_city_has_active_merchants_whose_demo_tills_sign_in_one_on_notice_and_one_applying()
    {
        _ = app.Services; // starts the host: migrations, then the seeders
        await using var conn = await app.OpenAsync();
        var merchants = (await conn.QueryAsync<(string Name, short Status, int? Discount)>(
            "select name, status, discount_bp from merchants.merchants order by id")).ToList();
        merchants.Where(m => m.Status == (short)MerchantStatus.Active).Select(m => (m.Name, m.Discount)).ShouldBe(
        [
            ("玉环麦香园蛋糕店", 8500), ("玉环联华超市（广陵路店）", 9500), ("中通快递玉城营业部", 8500), ("玉环海味轩酒家", 9000),
        ]);
        merchants.Count(m => m.Status == (short)MerchantStatus.Publicised).ShouldBe(1);
        merchants.Count(m => m.Status == (short)MerchantStatus.Applied).ShouldBe(1);

        foreach (var (tillId, merchant, credential) in DemoMerchants.TillCredentials)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Till", credential);
            var me = await client.GetAsync("/api/v1/till/me");
            me.StatusCode.ShouldBe(HttpStatusCode.OK, credential);
            var body = await me.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("tillId").GetInt64().ShouldBe(tillId);
            body.GetProperty("merchantName").GetString().ShouldBe(merchant);
        }

        var visitor = app.CreateBrowserLikeClient();
        var directory = await (await visitor.GetAsync("/merchants")).ReadPageAsync();
        directory.ShouldContain("玉环麦香园蛋糕店");
        directory.ShouldContain("八五折");
        directory.ShouldContain("九五折");
        directory.ShouldNotContain("楚门老街小吃店");
        (await (await visitor.GetAsync("/merchants/notice")).ReadPageAsync()).ShouldContain("玉环鲜丰农副产品店");

        // A till registered later continues after the demo tills' fixed ids.
        var staffId = await conn.ExecuteScalarAsync<long>("select id from identity.staff_users where user_name = 'city_admin'");
        var merchantId = await conn.ExecuteScalarAsync<long>("select id from merchants.merchants where name = '玉环海味轩酒家'");
        var till = await (await app.StaffApiAsync(staffId)).PostAsJsonAsync($"/api/v1/merchants/{merchantId}/tills", new { name = "二号收银台" });
        till.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await till.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64().ShouldBe(DemoMerchants.TillCredentials.Length + 1);
    }
}
