namespace UnionOne.Modules.Wallet.Payments;

/// <summary>The receipt both sides get: the price, the discount applied, what was paid, and any refunds since.</summary>
public sealed record Receipt(
    long Id,
    long MerchantId,
    string MerchantName,
    string MemberName,
    long ListAmountFen,
    int DiscountBasisPoints,
    string? CouponName,
    long AmountFen,
    long RefundedFen,
    DateTime AtUtc,
    IReadOnlyList<RefundLine> Refunds)
{
    public long SavedFen => ListAmountFen - AmountFen;
}

public sealed record RefundLine(long Id, long AmountFen, string Reason, DateTime AtUtc);

/// <summary>A till's request: the member's payment code as scanned and the price before discount, in fen.</summary>
public sealed record PayRequest(string? PaymentCode, decimal? AmountFen);

public sealed record RefundRequest(decimal? AmountFen, string? Reason);
