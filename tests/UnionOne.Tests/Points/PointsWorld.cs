using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Points;

/// <summary>
/// A city with two districts (A, B) and a factory union under A; staff: officer of the city, officer and viewer of
/// district A, officer of district B.
/// </summary>
internal sealed record PointsWorld(long City, long DistrictA, long DistrictB, long FactoryA, long CityOfficer, long OfficerA, long ViewerA, long OfficerB)
{
    public static async Task<PointsWorld> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("积分测试市总工会"), UnionLevel.City, regionCode: "331000", kind: "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("甲区总工会"), UnionLevel.County, city, "331002", "federation");
        var b = await app.CreateUnionAsync(TestActors.Unique("乙区总工会"), UnionLevel.County, city, "331003", "federation");
        var factory = await app.CreateUnionAsync(TestActors.Unique("甲区机械厂工会"), UnionLevel.Grassroots, a, "331002");
        var cityOfficer = await app.CreateStaffAsync(TestActors.Unique("pc"), "Passw0rd!x", (city, StaffRole.Officer));
        var officerA = await app.CreateStaffAsync(TestActors.Unique("pa"), "Passw0rd!x", (a, StaffRole.Officer));
        var viewerA = await app.CreateStaffAsync(TestActors.Unique("pv"), "Passw0rd!x", (a, StaffRole.Viewer));
        var officerB = await app.CreateStaffAsync(TestActors.Unique("pb"), "Passw0rd!x", (b, StaffRole.Officer));
        return new PointsWorld(city, a, b, factory, cityOfficer, officerA, viewerA, officerB);
    }
}

internal static class PointsKit
{
    public static async Task<(long Id, string Phone, string MemberNo)> MemberAsync(this UnionOneApp app, long unionId)
    {
        var phone = MemberTestData.Phone();
        var (id, no) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber("331002"), phone);
        return (id, phone, no);
    }

    /// <summary>Points straight from the union's points-issued account (as an award would post them).</summary>
    public static async Task GiveAsync(this UnionOneApp app, long memberId, long unionId, long points) =>
        await app.Service<ILedger>().TransferAsync(new LedgerTransfer(TestActors.Unique("test-points"), TransferKind.PointsAward,
            new AccountRef(AccountKind.UnionPointsIssued, unionId), AccountRef.Points(memberId), points));

    public static Task<long> BalanceAsync(this UnionOneApp app, long memberId) => app.Service<ILedger>().BalanceAsync(AccountRef.Points(memberId));

    public static async Task<long> ItemAsync(this HttpClient staff, long unionId, string name = "纯棉毛巾", long price = 200, int stock = 10, int? monthLimit = null, bool onShelf = true)
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/points/unions/{unionId}/items", new { name, price, stock, monthLimit, onShelf });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> RedeemAsync(this HttpClient member, long itemId, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/me/redemptions") { Content = JsonContent.Create(new { itemId }) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return member.SendAsync(request);
    }

    public static async Task<T> QueryOneAsync<T>(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<T>(sql, args);
    }

    public static async Task<long> CountAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Every ledger rule holds (all zero violations).</summary>
    public static async Task BooksBalanceAsync(this UnionOneApp app) =>
        (await app.Service<ILedger>().CheckInvariantsAsync()).Where(r => r.Violations != 0).Select(r => $"{r.Rule}: {r.Violations}").ShouldBeEmpty();

    /// <summary>A snapshot of everything a refused request must leave unchanged: ledger, stock, limits, redemptions, awards.</summary>
    public static async Task<string> SnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'accounts:' || coalesce(string_agg(kind || '/' || owner_id || '=' || balance, ',' order by id), '') from wallet.accounts
            union all select 'transfers:' || count(*) from wallet.transfers
            union all select 'items:' || coalesce(string_agg(id || '=' || stock || '/' || redeemed, ',' order by id), '') from points.items
            union all select 'taken:' || coalesce(string_agg(item_id || '/' || member_id || '=' || taken, ',' order by item_id, member_id), '') from points.monthly_taken
            union all select 'redemptions:' || coalesce(string_agg(id || '=' || status, ',' order by id), '') from points.redemptions
            union all select 'awards:' || count(*) from points.awards
            """);
        return string.Join('\n', parts);
    }
}
