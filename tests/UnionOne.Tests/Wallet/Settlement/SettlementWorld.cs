using System.Security.Claims;
using System.Text;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.Wallet.Settlement;

/// <summary>
/// A city union with two districts (甲区 with a factory, 乙区) and another city; staff: two officers of the city (one prepares,
/// one approves), a viewer of the city, an officer of 甲区 and one of the other city. Merchants are real (recruited through the
/// Merchants API); members are plain ids funded from the factory's fund; payments and refunds go through wallet.pay and
/// wallet.refund, the SQL functions the till calls.
/// </summary>
internal sealed class SettlementWorld(UnionOneApp app)
{
    public long City { get; private set; }
    public long DistrictA { get; private set; }
    public long DistrictB { get; private set; }
    public long Factory { get; private set; }
    public long OtherCity { get; private set; }
    public long Preparer { get; private set; }
    public long Approver { get; private set; }
    public long Viewer { get; private set; }
    public long DistrictAOfficer { get; private set; }
    public long Outsider { get; private set; }

    private static long nextMember = 50_000_000 + Random.Shared.Next(0, 1_000_000) * 10L;
    private static long nextNonce = Random.Shared.NextInt64(1L << 40, 1L << 50);

    public static async Task<SettlementWorld> CreateAsync(UnionOneApp app)
    {
        var w = new SettlementWorld(app);
        w.City = await app.CreateUnionAsync(TestActors.Unique("结算测试市总工会"), UnionLevel.City, kind: "federation");
        w.DistrictA = await app.CreateUnionAsync(TestActors.Unique("甲区总工会"), UnionLevel.County, w.City, kind: "federation");
        w.DistrictB = await app.CreateUnionAsync(TestActors.Unique("乙区总工会"), UnionLevel.County, w.City, kind: "federation");
        w.Factory = await app.CreateUnionAsync(TestActors.Unique("甲区机械厂工会"), UnionLevel.Grassroots, w.DistrictA);
        w.OtherCity = await app.CreateUnionAsync(TestActors.Unique("另一市总工会"), UnionLevel.City, kind: "federation");
        w.Preparer = await app.CreateStaffAsync(TestActors.Unique("prep"), "Passw0rd!x", (w.City, StaffRole.Officer));
        w.Approver = await app.CreateStaffAsync(TestActors.Unique("appr"), "Passw0rd!x", (w.City, StaffRole.ViceChair));
        w.Viewer = await app.CreateStaffAsync(TestActors.Unique("view"), "Passw0rd!x", (w.City, StaffRole.Viewer));
        w.DistrictAOfficer = await app.CreateStaffAsync(TestActors.Unique("dao"), "Passw0rd!x", (w.DistrictA, StaffRole.Officer));
        w.Outsider = await app.CreateStaffAsync(TestActors.Unique("out"), "Passw0rd!x", (w.OtherCity, StaffRole.Chair));
        return w;
    }

    public ILedger Ledger => app.Service<ILedger>();

    /// <summary>An active merchant recruited by the union; returns its id and till id.</summary>
    public async Task<(long MerchantId, long TillId, string Credential)> MerchantAsync(long unionId, string name, MerchantCategory category, int discountBp = 8500)
    {
        var (merchantId, credential) = await app.CreateActiveMerchantAsync(unionId, TestActors.Unique(name), category, discountBp);
        return (merchantId, long.Parse(credential.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture), credential);
    }

    /// <summary>Tops up the union's fund from its bank account.</summary>
    public Task TopUpAsync(long unionId, long fen) =>
        Ledger.TransferAsync(new LedgerTransfer(TestActors.Unique("topup"), TransferKind.FundTopUp, new AccountRef(AccountKind.UnionBank, unionId), AccountRef.Fund(unionId), fen));

    /// <summary>New members of a union, each credited <paramref name="fen"/> from the union's fund (topped up first).</summary>
    public async Task<long[]> MembersAsync(long unionId, int count, long fen)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Interlocked.Increment(ref nextMember)).ToArray();
        await TopUpAsync(unionId, fen * count);
        await Ledger.CreditMembersAsync(TestActors.Unique("disb"), AccountRef.Fund(unionId), ids, ids.Select(_ => fen).ToArray(), FundTerms.General, null, "福利发放", null);
        return ids;
    }

    /// <summary>A payment at the till as wallet.pay takes it: the member pays round-half-up(list × bp / 10000) fen. Returns (payment id, amount).</summary>
    public async Task<(long PaymentId, long Amount)> PayAsync(long memberId, long memberUnion, long merchantId, long tillId, MerchantCategory category, long listAmount, int discountBp = 8500)
    {
        var amount = (listAmount * discountBp + 5000) / 10000;
        await using var conn = await app.OpenAsync();
        var key = TestActors.Unique("pay");
        var (state, paymentId) = await conn.QuerySingleAsync<(short, long)>("""
            select state, payment_id from wallet.pay(@scope, @key, @hash, @memberId, @memberUnion, @merchantId, @tillId, @category::smallint,
                @listAmount, @discountBp, @amount, @nonce, null, null, current_date)
            """, new
        {
            scope = $"till:{tillId}", key, hash = Encoding.UTF8.GetBytes(key), memberId, memberUnion, merchantId, tillId, category = (short)category,
            listAmount, discountBp, amount, nonce = Interlocked.Increment(ref nextNonce),
        });
        if (state != 0) throw new InvalidOperationException($"wallet.pay answered state {state}");
        return (paymentId, amount);
    }

    public async Task<long> RefundAsync(long paymentId, long merchantId, long tillId, long amount, string reason = "顾客退货")
    {
        await using var conn = await app.OpenAsync();
        var key = TestActors.Unique("refund");
        var (state, refundId) = await conn.QuerySingleAsync<(short, long)>("""
            select state, refund_id from wallet.refund(@scope, @key, @hash, @paymentId, @merchantId, @tillId, @amount, @reason, interval '30 days')
            """, new { scope = $"till:{tillId}", key, hash = Encoding.UTF8.GetBytes(key), paymentId, merchantId, tillId, amount, reason });
        if (state != 0) throw new InvalidOperationException($"wallet.refund answered state {state}");
        return refundId;
    }

    /// <summary>
    /// Moves a payment (with its ledger transfer) back by whole days, as if it had been made then. Posted ledger rows are
    /// immutable, so the test disables triggers for this one transaction (superuser's session_replication_role).
    /// </summary>
    public async Task BackdatePaymentAsync(long paymentId, int days)
    {
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("set local session_replication_role = replica", transaction: tx);
        await conn.ExecuteAsync("""
            update wallet.transfers t set created_at = t.created_at - make_interval(days => @days) from wallet.payments p where p.id = @paymentId and t.id = p.transfer_id;
            update wallet.payments set created_at = created_at - make_interval(days => @days) where id = @paymentId;
            """, new { paymentId, days }, tx);
        await tx.CommitAsync();
    }

    public async Task BackdateRefundAsync(long refundId, int days)
    {
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("set local session_replication_role = replica", transaction: tx);
        await conn.ExecuteAsync("""
            update wallet.transfers t set created_at = t.created_at - make_interval(days => @days) from wallet.refunds r where r.id = @refundId and t.id = r.transfer_id;
            update wallet.refunds set created_at = created_at - make_interval(days => @days) where id = @refundId;
            """, new { refundId, days }, tx);
        await tx.CommitAsync();
    }

    /// <summary>Moves every ledger transfer with this idempotency key prefix back by whole days (top-ups, disbursements).</summary>
    public async Task BackdateTransfersAsync(string keyPrefix, int days)
    {
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("set local session_replication_role = replica", transaction: tx);
        await conn.ExecuteAsync("update wallet.transfers set created_at = created_at - make_interval(days => @days) where idempotency_key like @prefix || '%'",
            new { keyPrefix, days, prefix = keyPrefix }, tx);
        await tx.CommitAsync();
    }

    /// <summary>A browser-like client signed in to the till page of the merchant (the till's cookie, minted as the login page would).</summary>
    public HttpClient TillPages(long merchantId, long tillId)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(TillAuth.TillIdClaim, tillId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(TillAuth.MerchantIdClaim, merchantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, "收银台1"),
        ], TillAuth.PageScheme));
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("Cookie", $"uo.till={TestActors.Cookie(app, TillAuth.PageScheme, principal)}");
        return client;
    }

    public HttpClient TillApi(string credential)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Till", credential);
        return client;
    }

    /// <summary>Today in Beijing.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Balances, transfers, postings and settlement rows, to show that a refused request changed nothing.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'a' || coalesce(string_agg(id || ':' || balance, ',' order by id), '') from wallet.accounts
            union all select 't' || count(*) from wallet.transfers
            union all select 'p' || count(*) from wallet.postings
            union all select 'r' || coalesce(string_agg(id || ':' || status, ',' order by id), '') from wallet.settlement_runs
            union all select 'l' || coalesce(string_agg(run_id || '/' || merchant_id || ':' || state, ',' order by run_id, merchant_id), '') from wallet.settlement_lines
            union all select 'y' || coalesce(string_agg(merchant_id || ':' || account_name || ':' || encode(account_number, 'hex'), ',' order by merchant_id), '') from wallet.merchant_payees
            """);
        return string.Join('|', parts);
    }
}
