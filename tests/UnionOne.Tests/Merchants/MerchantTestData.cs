using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Merchants;

/// <summary>
/// Merchants for tests of this and other modules (the wallet's tills, payments and settlement): each goes through the real
/// recruitment API (batch, application, background check, discount, public notice, activation, till registration); only the
/// notice period is shortened by moving the notice into the past.
/// </summary>
public static class MerchantTestData
{
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static int counter;

    /// <summary>A valid unified social credit code (with its check character), unique within the test run.</summary>
    public static string CreditCode()
    {
        var n = Interlocked.Increment(ref counter);
        var chars = new char[7];
        var value = (long)n * 7919 + Random.Shared.Next(0, 1 << 20) * 100_003L;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = CodeAlphabet[(int)(value % CodeAlphabet.Length)];
            value /= CodeAlphabet.Length;
        }
        var first17 = "9133102" + n.ToString("000", CultureInfo.InvariantCulture)[^3..] + new string(chars);
        return first17 + SocialCreditCode.CheckCharacter(first17);
    }

    /// <summary>A staff member (officer) of the union, for recruiting its merchants.</summary>
    public static Task<long> CreateMerchantOfficerAsync(this UnionOneApp app, long unionId) =>
        app.CreateStaffAsync(TestActors.Unique("merchant-officer"), "Merchant-Officer-2026!", (unionId, StaffRole.Officer));

    /// <summary>
    /// An active merchant of <paramref name="unionId"/> with one till; returns the merchant id and the till's credential
    /// ("id.secret", for "Authorization: Till id.secret" or the /till/login page).
    /// </summary>
    public static async Task<(long MerchantId, string TillCredential)> CreateActiveMerchantAsync(this UnionOneApp app, long unionId, string name,
        MerchantCategory category, int discountBasisPoints, double? latitude = null, double? longitude = null)
    {
        var staff = await app.StaffApiAsync(await app.CreateMerchantOfficerAsync(unionId));
        var batchId = await app.CreateBatchAsync(staff, unionId);
        var merchantId = await app.ApplyAsync(batchId, name, category, discountBasisPoints, latitude, longitude);
        await ExpectAsync(app, await staff.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/check", new { passed = true, note = "营业执照与经营场所核验无误" }), "check");
        await ExpectAsync(app, await staff.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/discount", new { discountBasisPoints }), "discount");
        await ExpectAsync(app, await staff.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null), "notice");
        await app.EndNoticeAsync(merchantId);
        await ExpectAsync(app, await staff.PostAsync($"/api/v1/merchants/{merchantId}/activate", null), "activate");
        var till = await staff.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/tills", new { name = "收银台1" });
        await ExpectAsync(app, till, "till");
        var credential = (await till.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credential").GetString()!;
        return (merchantId, credential);
    }

    /// <summary>A batch of the union open from yesterday for a month, with a 7-day notice; returns its id.</summary>
    public static async Task<long> CreateBatchAsync(this UnionOneApp app, HttpClient staff, long unionId, int noticeDays = 7)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var response = await staff.PostAsJsonAsync("/api/v1/merchants/batches", new
        {
            unionId,
            name = TestActors.Unique("普惠商户招募第"),
            opensOn = today.AddDays(-1),
            closesOn = today.AddDays(30),
            noticeDays,
        });
        await ExpectAsync(app, response, "batch");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>A valid application body (anonymous API) for the batch.</summary>
    public static object ApplicationBody(long batchId, string name, MerchantCategory category, int discountBasisPoints, string? creditCode = null,
        double? latitude = null, double? longitude = null) => new
        {
            batchId,
            name,
            creditCode = creditCode ?? CreditCode(),
            category = category.ToString(),
            address = "浙江省台州市玉环市玉城街道环城北路" + Random.Shared.Next(1, 999).ToString(CultureInfo.InvariantCulture) + "号",
            latitude,
            longitude,
            contactName = "陈晓明",
            contactPhone = "13957" + Random.Shared.Next(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture),
            proposedDiscountBasisPoints = discountBasisPoints,
        };

    /// <summary>Applies anonymously; returns the application's (merchant's) id.</summary>
    public static async Task<long> ApplyAsync(this UnionOneApp app, long batchId, string name, MerchantCategory category, int discountBasisPoints,
        double? latitude = null, double? longitude = null)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/merchants/applications",
            ApplicationBody(batchId, name, category, discountBasisPoints, latitude: latitude, longitude: longitude));
        await ExpectAsync(app, response, "apply");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Moves the merchant's notice into the past, as if its notice days had gone by.</summary>
    public static async Task EndNoticeAsync(this UnionOneApp app, long merchantId)
    {
        await using var conn = await app.OpenAsync();
        var changed = await conn.ExecuteAsync("""
            update merchants.notices n set starts_at = now() - interval '31 days', ends_at = now() - interval '1 second'
            from merchants.merchants m where m.id = @merchantId and n.id = m.notice_id
            """, new { merchantId });
        if (changed != 1) throw new InvalidOperationException($"merchant {merchantId} is not on notice");
    }

    /// <summary>A page's HTML with entities decoded (Razor encodes full-width punctuation), for "contains" checks.</summary>
    public static async Task<string> ReadPageAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static async Task ExpectAsync(UnionOneApp app, HttpResponseMessage response, string step)
    {
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent) return;
        throw new InvalidOperationException($"merchant {step} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{app.Errors}");
    }
}
