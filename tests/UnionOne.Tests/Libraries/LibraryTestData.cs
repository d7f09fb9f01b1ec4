using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Libraries;

/// <summary>Places, libraries, titles and members for library tests.</summary>
internal static class LibraryTestData
{
    /// <summary>A union place in places.places (the Places module's table).</summary>
    public static async Task<long> CreatePlaceAsync(this UnionOneApp app, long unionId, string name, PlaceKind kind = PlaceKind.Library, long? id = null)
    {
        if (id is null) return await app.InsertPlaceAsync(unionId, kind, name);
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("""
            insert into places.places (id, union_id, kind, name, address, latitude, longitude, capacity)
            values (@id, @unionId, @kind, @name, '台州市椒江区书香路8号', 28.6564, 121.4208, 40)
            returning id
            """, new { id, unionId, kind = (short)kind, name });
    }

    /// <summary>A place of kind 职工书屋 opened for lending through the API.</summary>
    public static async Task<long> CreateLibraryAsync(this UnionOneApp app, HttpClient staff, long unionId, string? name = null, long? id = null)
    {
        var placeId = await app.CreatePlaceAsync(unionId, name ?? TestActors.Unique("职工书屋"), id: id);
        var opened = await staff.PostAsJsonAsync("/api/v1/libraries", new { placeId });
        opened.StatusCode.ShouldBe(HttpStatusCode.OK, await opened.Content.ReadAsStringAsync());
        return placeId;
    }

    /// <summary>Adds a title with <paramref name="copies"/> minted barcodes; returns the barcodes.</summary>
    public static async Task<string[]> AddTitleAsync(this HttpClient staff, long placeId, string isbn, string title, int copies = 1)
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/libraries/{placeId}/titles", new { isbn, title, author = "鲁迅", publisher = "人民文学出版社", copies });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return json.GetProperty("newBarcodes").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    public static async Task<(long Id, string MemberNo, string Phone)> MemberAsync(this UnionOneApp app, long unionId)
    {
        var phone = MemberTestData.Phone();
        var (id, no) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber(), phone);
        return (id, no, phone);
    }

    public static async Task<string> ProblemDetailAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        if (json.TryGetProperty("errors", out var errors))
            return string.Join(" ", errors.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(v => v.GetString())));
        return json.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : json.ToString();
    }
}

/// <summary>Two districts of a city, each with a grassroots union; officers of A, of B, and a viewer of A.</summary>
internal sealed record LibraryWorld(long City, long DistrictA, long DistrictB, long FactoryA, long SchoolB, long OfficerA, long ViewerA, long OfficerB)
{
    public static async Task<LibraryWorld> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("书香市总工会"), UnionLevel.City, kind: "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("甲区总工会"), UnionLevel.County, city, kind: "federation");
        var b = await app.CreateUnionAsync(TestActors.Unique("乙区总工会"), UnionLevel.County, city, kind: "federation");
        var factory = await app.CreateUnionAsync(TestActors.Unique("甲区纺织厂工会"), UnionLevel.Grassroots, a);
        var school = await app.CreateUnionAsync(TestActors.Unique("乙区中学工会"), UnionLevel.Grassroots, b, kind: "school");
        var officerA = await app.CreateStaffAsync(TestActors.Unique("la"), "Passw0rd!x", (a, StaffRole.Officer));
        var viewerA = await app.CreateStaffAsync(TestActors.Unique("lv"), "Passw0rd!x", (a, StaffRole.Viewer));
        var officerB = await app.CreateStaffAsync(TestActors.Unique("lb"), "Passw0rd!x", (b, StaffRole.Officer));
        return new LibraryWorld(city, a, b, factory, school, officerA, viewerA, officerB);
    }
}
