using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Wallet.Payments;

/// <summary>Reads receipts: one payment with its refunds, or a merchant's payments of a day.</summary>
internal sealed class Receipts(NpgsqlDataSource dataSource, IMerchantDirectory merchants, IMemberDirectory members)
{
    private sealed record Row(long Id, long MerchantId, long MemberId, long ListAmount, int DiscountBp, string? CouponName, long Amount, long Refunded, DateTime CreatedAt);

    private const string Select = """
        select p.id, p.merchant_id as merchantid, p.member_id as memberid, p.list_amount as listamount, p.discount_bp as discountbp,
               c.name as couponname, p.amount, p.refunded, p.created_at as createdat
        from wallet.payments p left join wallet.coupons c on c.id = p.coupon_id
        """;

    /// <summary>The receipt, or null when there is none or it belongs to another merchant/member.</summary>
    public async Task<Receipt?> FindAsync(long paymentId, long? merchantId, long? memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + """
             where p.id = @paymentId and (@merchantId::bigint is null or p.merchant_id = @merchantId) and (@memberId::bigint is null or p.member_id = @memberId)
            """, new { paymentId, merchantId, memberId }, cancellationToken: ct));
        if (row is null) return null;
        return (await ToReceiptsAsync(conn, [row], ct))[0];
    }

    public async Task<IReadOnlyList<Receipt>> OfMerchantAsync(long merchantId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Select + """
             where p.merchant_id = @merchantId and p.created_at >= @fromUtc and p.created_at < @toUtc order by p.id desc limit 500
            """, new { merchantId, fromUtc, toUtc }, cancellationToken: ct))).ToList();
        return await ToReceiptsAsync(conn, rows, ct);
    }

    public async Task<IReadOnlyList<Receipt>> OfMemberAsync(long memberId, int take, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(Select + """
             where p.member_id = @memberId order by p.id desc limit @take
            """, new { memberId, take }, cancellationToken: ct))).ToList();
        return await ToReceiptsAsync(conn, rows, ct);
    }

    private async Task<IReadOnlyList<Receipt>> ToReceiptsAsync(NpgsqlConnection conn, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var refunds = (await conn.QueryAsync<(long Id, long PaymentId, long Amount, string Reason, DateTime CreatedAt)>(new CommandDefinition(
                "select id, payment_id, amount, reason, created_at from wallet.refunds where payment_id = any(@ids) order by id",
                new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(r => r.PaymentId, r => new RefundLine(r.Id, r.Amount, r.Reason, r.CreatedAt));
        var shops = (await merchants.FindManyAsync(rows.Select(r => r.MerchantId).Distinct().ToList(), ct)).ToDictionary(m => m.Id);
        var people = await members.FindManyAsync(rows.Select(r => r.MemberId).Distinct().ToList(), ct);
        return rows.Select(r => new Receipt(r.Id, r.MerchantId, shops.TryGetValue(r.MerchantId, out var shop) ? shop.Name : $"商户#{r.MerchantId}",
            people.TryGetValue(r.MemberId, out var m) ? Mask.Name(m.Name) : "—", r.ListAmount, r.DiscountBp, r.CouponName, r.Amount, r.Refunded, r.CreatedAt, refunds[r.Id].ToList())).ToList();
    }
}
