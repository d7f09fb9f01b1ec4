using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Coupons;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Modules.Wallet.Ledger;
using UnionOne.Platform.Money;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Payments;

/// <summary>
/// A payment at a merchant's till: the member shows a one-time payment code, the till enters the price, the merchant's
/// discount (or a better coupon) applies, and the member's account pays the merchant's receivable. The whole payment is
/// one call of wallet.pay (one transaction, one round trip): single use of the code, idempotency and the balance rules
/// are all decided there.
/// </summary>
internal sealed class PaymentService(
    NpgsqlDataSource dataSource,
    IMemberCodes codes,
    IMerchantDirectory merchants,
    IOrganisationDirectory organisations,
    CouponBook coupons,
    Receipts receipts,
    IOptions<WalletOptions> options,
    TimeProvider clock,
    FluentValidation.IValidator<PayRequest> payValidator,
    FluentValidation.IValidator<RefundRequest> refundValidator,
    IStringLocalizer<WalletText> l)
{
    public async Task<Receipt> PayAsync(long merchantId, long tillId, PayRequest request, string? idempotencyKey, CancellationToken ct)
    {
        Ensure(payValidator.Validate(request));
        var listFen = (long)request.AmountFen!.Value;
        var code = request.PaymentCode!.Trim();
        var key = IdempotencyKey.Create(idempotencyKey, $"till:{tillId}", l, "pay", merchantId, code, listFen);

        var merchant = await merchants.FindAsync(merchantId, ct) ?? throw new NotFoundException(l["未找到商户"]);
        var check = await codes.ReadPaymentAsync(code, ct);
        if (!check.Valid)
        {
            // A retry of a payment that went through may come after its code expired: it still gets the first answer.
            if (await PreviousOutcomeAsync(key, ct) is { } earlier) return await LoadAsync(earlier, merchantId, ct);
            throw new BusinessRuleException(check.Message, "payment-code-" + check.Refusal.ToString().ToLowerInvariant());
        }
        if (!merchant.CanTakePayments) throw new BusinessRuleException(l["该商户未上线或已暂停，不能收款"], "merchant-not-active");
        var memberUnion = await organisations.FindAsync(check.UnionId!.Value, ct);
        var merchantUnion = await organisations.FindAsync(merchant.UnionId, ct);
        if (memberUnion is null || merchantUnion is null || !memberUnion.IsWithin(merchantUnion.Path))
            throw new BusinessRuleException(l["该商户是其他地区工会的普惠商户，本会员不能在此使用专户"], "merchant-other-region");

        var today = ShanghaiDay.Today(clock);
        var coupon = await coupons.BestForAsync(merchant.Category, memberUnion.Id, today, ct);
        if (coupon is not null && coupon.DiscountBasisPoints >= merchant.DiscountBasisPoints) coupon = null;

        var attempts = 0;
        while (true)
        {
            var bp = coupon?.DiscountBasisPoints ?? merchant.DiscountBasisPoints;
            var charged = Math.Max(1, Fen.Discounted(listFen, bp));
            try
            {
                var paid = await CallPayAsync(key, check, merchant, tillId, listFen, bp, charged, coupon, today, ct);
                return (ClaimState)paid.State switch
                {
                    // The first answer is built from what is in hand (one round trip per payment); a replay reads it back.
                    ClaimState.New => new Receipt(paid.PaymentId!.Value, merchant.Id, merchant.Name, check.MaskedName ?? "—", listFen, bp, coupon?.Name, charged, 0,
                        paid.PaidAt!.Value, []),
                    ClaimState.Replay => await LoadAsync(paid.PaymentId!.Value, merchantId, ct),
                    var other => throw ClaimRefusals.For(other, l),
                };
            }
            catch (PostgresException e) when (e.SqlState == LedgerErrors.CouponUsedUp && coupon is not null)
            {
                coupon = null; // used up by a payment a moment ago: pay at the merchant's own discount
            }
            catch (PostgresException e) when (LedgerErrors.IsTransient(e) && ++attempts < 3)
            {
            }
            catch (PostgresException e) when (LedgerErrors.Translate(e, l) is { } refusal)
            {
                throw refusal;
            }
        }
    }

    private sealed record PayOutcome(short State, long? PaymentId, DateTime? PaidAt);

    private async Task<PayOutcome> CallPayAsync(IdempotencyKey key, PaymentCodeCheck check, MerchantRef merchant, long tillId,
        long listFen, int bp, long charged, Coupon? coupon, DateOnly today, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<PayOutcome>(new CommandDefinition("""
            select state, payment_id as paymentid, paid_at as paidat from wallet.pay(@scope, @key, @hash, @memberId, @unionId, @merchantId, @tillId, @category::smallint,
                @listFen, @bp, @charged, @nonce, @couponId, @couponLimit, @month::date)
            """, new
        {
            scope = key.Scope, key = key.Key, hash = key.RequestHash, memberId = check.MemberId!.Value, unionId = check.UnionId!.Value,
            merchantId = merchant.Id, tillId, category = (short)merchant.Category, listFen, bp, charged, nonce = check.Nonce,
            couponId = coupon?.Id, couponLimit = coupon?.UsesPerMonth, month = ShanghaiDay.MonthOf(today).ToDateTime(TimeOnly.MinValue),
        }, cancellationToken: ct));
    }

    public async Task<Receipt> RefundAsync(long merchantId, long tillId, long paymentId, RefundRequest request, string? idempotencyKey, CancellationToken ct)
    {
        Ensure(refundValidator.Validate(request));
        var amount = (long)request.AmountFen!.Value;
        var reason = request.Reason?.Trim() ?? "";
        var key = IdempotencyKey.Create(idempotencyKey, $"till:{tillId}", l, "refund", paymentId, amount, reason);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                var state = await conn.QuerySingleAsync<short>(new CommandDefinition("""
                    select state from wallet.refund(@scope, @key, @hash, @paymentId, @merchantId, @tillId, @amount, @reason, make_interval(days => @days))
                    """, new { scope = key.Scope, key = key.Key, hash = key.RequestHash, paymentId, merchantId, tillId, amount, reason, days = options.Value.RefundDays },
                    cancellationToken: ct));
                if ((ClaimState)state is ClaimState.Mismatch or ClaimState.Busy) throw ClaimRefusals.For((ClaimState)state, l);
                return await LoadAsync(paymentId, merchantId, ct);
            }
            catch (PostgresException e) when (LedgerErrors.IsTransient(e) && attempt < 3)
            {
            }
            catch (PostgresException e) when (LedgerErrors.Translate(e, l) is { } refusal)
            {
                throw refusal;
            }
        }
    }

    private async Task<long?> PreviousOutcomeAsync(IdempotencyKey key, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var previous = await conn.QuerySingleOrDefaultAsync<StoredRequest>(new CommandDefinition(
            "select request_hash, outcome_id from wallet.requests where scope = @scope and key = @key", new { scope = key.Scope, key = key.Key }, cancellationToken: ct));
        if (previous is null) return null;
        if (!previous.RequestHash.AsSpan().SequenceEqual(key.RequestHash)) throw ClaimRefusals.For(ClaimState.Mismatch, l);
        return previous.OutcomeId;
    }

    /// <summary>Pages call the service directly; the API's filter has already validated, so this only repeats a cheap check.</summary>
    private static void Ensure(FluentValidation.Results.ValidationResult result)
    {
        if (result.IsValid) return;
        throw new InputValidationException(result.Errors
            .GroupBy(e => char.ToLowerInvariant(e.PropertyName[0]) + e.PropertyName[1..])
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
    }

    private sealed record StoredRequest(byte[] RequestHash, long OutcomeId);

    private async Task<Receipt> LoadAsync(long paymentId, long merchantId, CancellationToken ct) =>
        await receipts.FindAsync(paymentId, merchantId, null, ct) ?? throw new NotFoundException(l["未找到该笔消费"]);
}
