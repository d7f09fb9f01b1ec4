using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>
/// A city with district A (the paying union: its fund, a factory union under it, two officers who prepare and approve) and
/// district B (an officer who must not see A's disbursements).
/// </summary>
internal sealed record DisbursementWorld(long City, long DistrictA, long FactoryA, long DistrictB, long Preparer, long Approver, long OutsiderB, long ViewerA)
{
    public static async Task<DisbursementWorld> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("发放市总工会"), UnionLevel.City, kind: "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("发放甲区总工会"), UnionLevel.County, city, kind: "federation");
        var factory = await app.CreateUnionAsync(TestActors.Unique("发放甲区机械厂工会"), UnionLevel.Grassroots, a);
        var b = await app.CreateUnionAsync(TestActors.Unique("发放乙区总工会"), UnionLevel.County, city, kind: "federation");
        var preparer = await app.CreateStaffAsync(TestActors.Unique("prep"), "Passw0rd!x", (a, StaffRole.Officer));
        var approver = await app.CreateStaffAsync(TestActors.Unique("appr"), "Passw0rd!x", (a, StaffRole.ViceChair));
        var outsider = await app.CreateStaffAsync(TestActors.Unique("outb"), "Passw0rd!x", (b, StaffRole.Chair));
        var viewer = await app.CreateStaffAsync(TestActors.Unique("view"), "Passw0rd!x", (a, StaffRole.Viewer));
        return new DisbursementWorld(city, a, factory, b, preparer, approver, outsider, viewer);
    }
}

internal static class DisbursementKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Inserts <paramref name="count"/> active members into the union in one statement (placeholder ciphertexts: these members
    /// are only selected and credited, never looked up by ID number). Birthdays spread over the year: member i is born in
    /// month (i % 12) + 1. Returns their ids in id order.
    /// </summary>
    public static async Task<long[]> InsertMembersAsync(this UnionOneApp app, long unionId, int count, string[]? tags = null, short jobType = 1, int? birthMonth = null)
    {
        await using var conn = await app.OpenAsync();
        var salt = Guid.NewGuid().ToString("N");
        var ids = await conn.QueryAsync<long>("""
            insert into members.members (name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash,
                                         union_id, job_type, status, joined_on, tags)
            select '批量会员' || i, decode(md5('e' || @salt || i), 'hex'), decode(md5('h' || @salt || i), 'hex'), decode(md5('s' || @salt || i), 'hex'),
                   'M', make_date(1980 + i % 30, coalesce(@birthMonth, i % 12 + 1), 1 + i % 28), decode(md5('p' || @salt || i), 'hex'),
                   decode(md5('q' || @salt || i), 'hex'), @unionId, @jobType, 1, current_date, @tags
            from generate_series(0, @count - 1) i
            returning id
            """, new { salt, unionId, count, tags = tags ?? [], jobType, birthMonth });
        return ids.Order().ToArray();
    }

    /// <summary>Tops the union's fund up through the API as the given staff member.</summary>
    public static async Task TopUpAsync(this UnionOneApp app, long staffId, long unionId, long fen)
    {
        var client = await app.StaffApiAsync(staffId);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/funds/{unionId}/top-ups") { Content = JsonContent.Create(new { amountFen = fen, memo = "测试拨款" }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static HttpRequestMessage Approve(long id, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/disbursements/{id}/approve");
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return request;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the disbursement until it is posted (the worker runs in the background), at most 60 s.</summary>
    public static async Task<JsonElement> WaitPostedAsync(this HttpClient client, long id, UnionOneApp app)
    {
        for (var i = 0; i < 600; i++)
        {
            var view = await (await client.GetAsync($"/api/v1/wallet/disbursements/{id}")).JsonAsync(HttpStatusCode.OK);
            if (view.GetProperty("status").GetString() == "posted") return view;
            await Task.Delay(100);
        }
        throw new ShouldAssertException($"disbursement {id} was not posted within 60 s\n{app.Errors}");
    }

    /// <summary>Everything in the wallet schema that money touches, as one comparable string.</summary>
    public static async Task<string> LedgerSnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'a' || coalesce(string_agg(id || ':' || balance, ',' order by id), '') from wallet.accounts
            union all select 't' || count(*) || ':' || coalesce(sum(amount), 0) from wallet.transfers
            union all select 'p' || count(*) from wallet.postings
            union all select 'l' || coalesce(string_agg(id || ':' || remaining, ',' order by id), '') from wallet.lots
            union all select 'r' || count(*) from wallet.requests
            union all select 'd' || coalesce(string_agg(id || ':' || status, ',' order by id), '') from wallet.disbursements
            union all select 'c' || count(*) from wallet.disbursement_chunks
            """);
        return string.Join('|', parts);
    }

    public static async Task InvariantsHoldAsync(this UnionOneApp app) =>
        (await app.Service<ILedger>().CheckInvariantsAsync()).Where(r => r.Violations != 0).Select(r => $"{r.Rule}: {r.Violations}").ShouldBeEmpty();

    public static async Task<long> ScalarAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public static string Str(long n) => n.ToString(CultureInfo.InvariantCulture);
}
