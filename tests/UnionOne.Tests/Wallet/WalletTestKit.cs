using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.Wallet;

/// <summary>A city union with a grassroots union under it, a funded city welfare fund and an active bakery (8.5折) with a till.</summary>
internal sealed record WalletWorld(long City, long Factory, long BakeryId, HttpClient Till)
{
    public static async Task<WalletWorld> CreateAsync(UnionOneApp app, long fundFen = 10_000_000)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City);
        var factory = await app.CreateUnionAsync(TestActors.Unique("工厂工会"), UnionLevel.Grassroots, city);
        await app.Service<ILedger>().TransferAsync(new LedgerTransfer(TestActors.Unique("topup"), TransferKind.FundTopUp,
            new AccountRef(AccountKind.UnionBank, city), AccountRef.Fund(city), fundFen));
        var (bakery, credential) = await app.CreateActiveMerchantAsync(city, TestActors.Unique("好利来蛋糕"), MerchantCategory.Bakery, 8500);
        return new WalletWorld(city, factory, bakery, app.TillClient(credential));
    }
}

internal static class WalletTestKit
{
    public static HttpClient TillClient(this UnionOneApp app, string credential)
    {
        var till = app.CreateClient();
        till.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Till", credential);
        return till;
    }

    /// <summary>An active member of <paramref name="unionId"/> credited <paramref name="fen"/> from the fund of <paramref name="fundUnionId"/>.</summary>
    public static async Task<TestMember> FundedMemberAsync(this UnionOneApp app, long unionId, long fundUnionId, long fen, FundTerms? terms = null)
    {
        var member = await app.NewMemberAsync(unionId);
        if (fen > 0)
            await app.Service<ILedger>().CreditMembersAsync(TestActors.Unique("credit"), AccountRef.Fund(fundUnionId), [member.Id], [fen], terms ?? FundTerms.General, null, "测试发放", null);
        return member;
    }

    public static async Task<string> PaymentCodeAsync(this UnionOneApp app, TestMember member, long unionId)
    {
        var name = (await app.Service<UnionOne.Modules.Members.Contracts.IMemberDirectory>().FindAsync(member.Id))!.Name;
        var issue = await app.Service<IMemberCodeIssuer>().IssuePaymentAsync(member.Id, unionId, name, true);
        return issue.Text!;
    }

    public static Task<HttpResponseMessage> PayAsync(this HttpClient till, string code, object amountFen, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/till/payments") { Content = JsonContent.Create(new { paymentCode = code, amountFen }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return till.SendAsync(request);
    }

    public static Task<HttpResponseMessage> RefundAsync(this HttpClient till, long paymentId, object amountFen, string key, string reason = "顾客退货")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/till/payments/{paymentId}/refunds") { Content = JsonContent.Create(new { amountFen, reason }) };
        request.Headers.Add("Idempotency-Key", key);
        return till.SendAsync(request);
    }

    public static Task<long> BalanceAsync(this UnionOneApp app, AccountRef account) => app.Service<ILedger>().BalanceAsync(account);

    public static async Task AssertBooksBalanceAsync(this UnionOneApp app)
    {
        var broken = (await app.Service<ILedger>().CheckInvariantsAsync()).Where(r => r.Violations != 0).ToList();
        broken.ShouldBeEmpty(string.Join("; ", broken.Select(b => $"{b.Rule}: {b.Violations}")));
    }

    /// <summary>Every wallet row that money lives in, as text: equal before and after means nothing changed.</summary>
    public static async Task<string> LedgerSnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'a' || coalesce(string_agg(id || ':' || balance, ',' order by id), '') from wallet.accounts
            union all select 't' || count(*) from wallet.transfers
            union all select 'p' || count(*) from wallet.postings
            union all select 'l' || coalesce(string_agg(id || ':' || remaining, ',' order by id), '') from wallet.lots
            union all select 'y' || coalesce(string_agg(id || ':' || refunded, ',' order by id), '') from wallet.payments
            union all select 'r' || count(*) from wallet.refunds
            """);
        return string.Join('|', parts);
    }
}
