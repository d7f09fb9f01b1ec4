using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Places.Stations;

/// <summary>
/// A city with two districts (A, B), an outdoor-worker station in each, and staff: chair, officer and viewer of
/// district A, officer of district B.
/// </summary>
internal sealed record StationWorld(long City, long DistrictA, long DistrictB, long StationA, long StationB, long ChairA, long OfficerA, long ViewerA, long OfficerB)
{
    public static async Task<StationWorld> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("驿站测试市总工会"), UnionLevel.City, regionCode: "210100", kind: "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("沈河区总工会"), UnionLevel.County, city, "210103", "federation");
        var b = await app.CreateUnionAsync(TestActors.Unique("和平区总工会"), UnionLevel.County, city, "210102", "federation");
        var stationA = await app.InsertPlaceAsync(a, PlaceKind.OutdoorStation, TestActors.Unique("沈河区环卫驿站"), capacity: 10);
        var stationB = await app.InsertPlaceAsync(b, PlaceKind.OutdoorStation, TestActors.Unique("和平区快递驿站"), capacity: 10);
        var chairA = await app.CreateStaffAsync(TestActors.Unique("ca"), "Passw0rd!x", (a, StaffRole.Chair));
        var officerA = await app.CreateStaffAsync(TestActors.Unique("oa"), "Passw0rd!x", (a, StaffRole.Officer));
        var viewerA = await app.CreateStaffAsync(TestActors.Unique("va"), "Passw0rd!x", (a, StaffRole.Viewer));
        var officerB = await app.CreateStaffAsync(TestActors.Unique("ob"), "Passw0rd!x", (b, StaffRole.Officer));
        return new StationWorld(city, a, b, stationA, stationB, chairA, officerA, viewerA, officerB);
    }
}

internal static class StationTestData
{
    /// <summary>The app's logged errors, for assertion messages of helpers that do not know the app.</summary>
    public static Func<string>? LastErrors { get; set; }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A passing inspection body (all items met, no issues); change fields through the dictionary.</summary>
    public static Dictionary<string, object?> Inspection(Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["hasSign"] = true, ["hasLayout"] = true, ["hasFacilities"] = true, ["hasFunctions"] = true, ["hasRules"] = true,
            ["onMap"] = true, ["clean"] = true, ["openAsPosted"] = true, ["score"] = 92, ["issues"] = null, ["rectifyBy"] = null,
        };
        change?.Invoke(body);
        return body;
    }

    public static Dictionary<string, object?> WithIssues(string issues = "微波炉损坏，饮水机滤芯过期", int days = 14, int score = 70) =>
        Inspection(b =>
        {
            b["hasFacilities"] = false;
            b["score"] = score;
            b["issues"] = issues;
            b["rectifyBy"] = Day(Today.AddDays(days));
        });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<long> InspectAsync(this HttpClient staff, long placeId, object body)
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/stations/{placeId}/inspections", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, text + (response.StatusCode == System.Net.HttpStatusCode.InternalServerError ? LastErrors?.Invoke() : ""));
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<long> ScalarAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>An admitted (or refused) entry scan at the place at the given instant.</summary>
    public static async Task ScanAsync(this UnionOneApp app, long placeId, long memberId, DateTime atUtc, bool admitted = true)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("insert into places.access_events (place_id, member_id, direction, admitted, at) values (@placeId, @memberId, 1, @admitted, @atUtc)",
            new { placeId, memberId, admitted, atUtc });
    }

    public static async Task<(long Id, string Phone)> MemberAsync(this UnionOneApp app, long unionId)
    {
        var phone = MemberTestData.Phone();
        var (id, _) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber("210103"), phone);
        return (id, phone);
    }

    /// <summary>A small valid PNG (1×1) and JPEG header, enough for the content sniffing.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static byte[] Jpeg(int size = 2048)
    {
        var bytes = new byte[size];
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        bytes[^2] = 0xFF; bytes[^1] = 0xD9;
        return bytes;
    }

    public static MultipartFormDataContent Photos(params (string Name, byte[] Bytes, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            form.Add(content, "photos", name);
        }
        return form;
    }
}
