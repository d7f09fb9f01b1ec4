using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Settlement.Statements;

public sealed record StatementPayment(long Id, long TillId, DateTime AtUtc, MerchantCategory Category, long ListAmount, int DiscountBasisPoints, long Amount, long Refunded, bool Coupon);

public sealed record StatementRefund(long Id, long PaymentId, long TillId, DateTime AtUtc, DateTime PaidAtUtc, long Amount, string Reason);

/// <summary>
/// 日结对账单: what one merchant took on one Beijing day. Payments made that day, refunds made that day (of any earlier
/// payment), and the net the union owes for the day (payments − refunds), all in fen.
/// </summary>
public sealed record DailyStatement(
    long MerchantId,
    string MerchantName,
    DateOnly Day,
    int PaymentCount,
    long PaymentAmount,
    long ListAmount,
    int RefundCount,
    long RefundAmount,
    long Net,
    IReadOnlyList<StatementPayment> Payments,
    IReadOnlyList<StatementRefund> Refunds);

internal sealed class DailyStatements(NpgsqlDataSource dataSource, TimeProvider clock, IStringLocalizer<WalletText> l)
{
    /// <summary>The day asked for (today when empty); a malformed or future day is refused (400).</summary>
    public DateOnly ParseDay(string? day)
    {
        if (string.IsNullOrWhiteSpace(day)) return WalletDays.Today(clock);
        if (!WalletDays.TryParseDay(day, out var parsed)) throw new InputValidationException("day", l["日期格式应为 yyyy-MM-dd，例如 2026-11-20"]);
        if (parsed > WalletDays.Today(clock)) throw new InputValidationException("day", l["不能查询未来日期的对账单"]);
        return parsed;
    }

    public async Task<DailyStatement> GetAsync(long merchantId, string merchantName, DateOnly day, CancellationToken ct)
    {
        var args = new { merchantId, start = WalletDays.StartUtc(day), end = WalletDays.EndUtc(day) };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var payments = (await conn.QueryAsync<PaymentRow>(new CommandDefinition("""
            select p.id, p.till_id as TillId, p.created_at as At, p.category, p.list_amount as ListAmount, p.discount_bp as DiscountBp,
                   p.amount, p.refunded, p.coupon_id is not null as Coupon
            from wallet.payments p
            where p.merchant_id = @merchantId and p.created_at >= @start and p.created_at < @end
            order by p.created_at, p.id
            """, args, tx, cancellationToken: ct)))
            .Select(r => new StatementPayment(r.Id, r.TillId, r.At, (MerchantCategory)r.Category, r.ListAmount, r.DiscountBp, r.Amount, r.Refunded, r.Coupon))
            .ToList();
        var refunds = (await conn.QueryAsync<RefundRow>(new CommandDefinition("""
            select r.id, r.payment_id as PaymentId, r.till_id as TillId, r.created_at as At, p.created_at as PaidAt, r.amount, r.reason
            from wallet.refunds r join wallet.payments p on p.id = r.payment_id
            where p.merchant_id = @merchantId and r.created_at >= @start and r.created_at < @end
            order by r.created_at, r.id
            """, args, tx, cancellationToken: ct)))
            .Select(r => new StatementRefund(r.Id, r.PaymentId, r.TillId, r.At, r.PaidAt, r.Amount, r.Reason))
            .ToList();
        await tx.CommitAsync(ct);

        var paid = payments.Sum(p => p.Amount);
        var refunded = refunds.Sum(r => r.Amount);
        return new DailyStatement(merchantId, merchantName, day, payments.Count, paid, payments.Sum(p => p.ListAmount),
            refunds.Count, refunded, paid - refunded, payments, refunds);
    }

    private sealed record PaymentRow(long Id, long TillId, DateTime At, short Category, long ListAmount, int DiscountBp, long Amount, long Refunded, bool Coupon);

    private sealed record RefundRow(long Id, long PaymentId, long TillId, DateTime At, DateTime PaidAt, long Amount, string Reason);
}
