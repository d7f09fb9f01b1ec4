using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

/// <summary>Valid, generated (not real) ID numbers, phones and names, and a small union tree with staff for member tests.</summary>
internal static partial class MemberTestData
{
    private static int counter;
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] Given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"];

    /// <summary>A valid 18-digit ID number, unique within the test run.</summary>
    public static string IdNumber(string region = "110105", bool male = true, DateOnly? birth = null)
    {
        var n = Interlocked.Increment(ref counter);
        var date = birth ?? new DateOnly(1965, 1, 1).AddDays((n * 37 + Random.Shared.Next(0, 30)) % 12000);
        var seq = (Random.Shared.Next(0, 499) * 2) + (male ? 1 : 0);
        var first17 = region + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("000", CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    /// <summary>A valid mainland mobile number, unique within the test run.</summary>
    public static string Phone()
    {
        var n = Interlocked.Increment(ref counter);
        return "139" + ((n * 7919 + Random.Shared.Next(0, 1000) * 100000) % 100000000).ToString("00000000", CultureInfo.InvariantCulture);
    }

    public static string Name() =>
        Surnames[Random.Shared.Next(Surnames.Length)] + Given[Random.Shared.Next(Given.Length)] + Given[Random.Shared.Next(Given.Length)];

    /// <summary>Inserts a member straight into the table (as an approved join would), returning id and member number.</summary>
    public static async Task<(long Id, string MemberNo)> InsertMemberAsync(this UnionOneApp app, long unionId, string name, string idNumber, string phone,
        JobType jobType = JobType.Worker, string[]? tags = null, MemberStatus status = MemberStatus.Active)
    {
        var secrets = app.Services.GetRequiredService<MemberSecrets>();
        var id = ResidentIdNumber.TryParse(idNumber, out var error) ?? throw new ArgumentException(error, nameof(idNumber));
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<(long, string)>("""
            insert into members.members (name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash,
                                         union_id, job_type, status, joined_on, tags)
            values (@name, @idEnc, @idHash, @suffixHash, @gender, @birth, @phoneEnc, @phoneHash, @unionId, @jobType, @status, current_date, @tags)
            returning id, member_no
            """, new
        {
            name,
            idEnc = secrets.EncryptIdNumber(id.Value),
            idHash = secrets.IdNumberHash(id.Value),
            suffixHash = secrets.IdSuffixHash(id.Suffix),
            gender = id.Gender.ToString(),
            birth = id.BirthDate.ToDateTime(TimeOnly.MinValue),
            phoneEnc = secrets.EncryptPhone(phone),
            phoneHash = secrets.PhoneHash(phone),
            unionId,
            jobType = (short)jobType,
            status = (short)status,
            tags = tags ?? [],
        });
    }

    public static async Task<long> CountAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Submits a join request through the API as the person with <paramref name="phone"/>.</summary>
    public static Task<HttpResponseMessage> JoinAsync(this UnionOneApp app, string phone, object body) =>
        app.MemberApi(phone).PostAsJsonAsync("/api/v1/join-requests", body);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

}

/// <summary>
/// A city with two districts (A, B), a grassroots union in each, a riders' federation in A, and staff:
/// officer and viewer of district A, officer of district B, officer of the city.
/// </summary>
internal sealed record MemberWorld(
    long City,
    long DistrictA,
    long DistrictB,
    long FactoryA,
    long SchoolB,
    long RidersA,
    string RegionA,
    string RegionB,
    long OfficerA,
    long ViewerA,
    long OfficerB,
    long CityOfficer)
{
    public static async Task<MemberWorld> CreateAsync(UnionOneApp app)
    {
        // Region codes unique per world, so holding-pool routing never sees another test's nodes.
        var n = Interlocked.Increment(ref worlds);
        var city = "33" + ((n % 98) + 1).ToString("00", CultureInfo.InvariantCulture);
        var regionA = city + "02";
        var regionB = city + "03";
        var cityId = await app.CreateUnionAsync(TestActors.Unique("测试市总工会"), UnionLevel.City, regionCode: city + "00", kind: "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("甲区总工会"), UnionLevel.County, cityId, regionA, "federation");
        var b = await app.CreateUnionAsync(TestActors.Unique("乙区总工会"), UnionLevel.County, cityId, regionB, "federation");
        var factory = await app.CreateUnionAsync(TestActors.Unique("甲区机械厂工会"), UnionLevel.Grassroots, a, regionA);
        var school = await app.CreateUnionAsync(TestActors.Unique("乙区实验小学工会"), UnionLevel.Grassroots, b, regionB, "school");
        var riders = await app.CreateUnionAsync(TestActors.Unique("甲区新业态行业工会联合会"), UnionLevel.Federation, a, regionA, "industry-federation", servesNewEmploymentForms: true);
        var officerA = await app.CreateStaffAsync(TestActors.Unique("oa"), "Passw0rd!x", (a, StaffRole.Officer));
        var viewerA = await app.CreateStaffAsync(TestActors.Unique("va"), "Passw0rd!x", (a, StaffRole.Viewer));
        var officerB = await app.CreateStaffAsync(TestActors.Unique("ob"), "Passw0rd!x", (b, StaffRole.Officer));
        var cityOfficer = await app.CreateStaffAsync(TestActors.Unique("oc"), "Passw0rd!x", (cityId, StaffRole.Officer));
        return new MemberWorld(cityId, a, b, factory, school, riders, regionA, regionB, officerA, viewerA, officerB, cityOfficer);
    }

    private static int worlds = Random.Shared.Next(0, 98);
}
