using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Ledger;

/// <summary>Turns the refusals the ledger's SQL raises (SQLSTATE U00xx, CHECK and UNIQUE violations) into Chinese messages.</summary>
internal static class LedgerErrors
{
    public const string BalanceShort = "U0001";
    public const string EligibleShort = "U0002";
    public const string CodeUsed = "U0003";
    public const string KeyMismatch = "U0004";
    public const string BadTransfer = "U0006";
    public const string UnitMismatch = "U0008";
    public const string RefundWindow = "U0009";
    public const string RefundTooLarge = "U0007";
    public const string CouponUsedUp = "U0010";
    public const string NoSuchPayment = "U0011";

    /// <summary>A Chinese business-rule refusal for a ledger error, or null when the error is not one of the ledger's rules.</summary>
    public static Exception? Translate(PostgresException e, IStringLocalizer l) => e.SqlState switch
    {
        BalanceShort => new BusinessRuleException(l["余额不足"], "balance-short"),
        EligibleShort => new BusinessRuleException(l["可用余额不足：部分资金已过期，或限定在其他类别的商户使用"], "eligible-funds-short"),
        CodeUsed => new BusinessRuleException(l["付款码已使用，请会员刷新后重新出示"], "payment-code-used"),
        KeyMismatch => new BusinessRuleException(l["该幂等键已用于另一笔不同的请求"], "idempotency-key-mismatch"),
        BadTransfer => new BusinessRuleException(l["转账必须在不同账户之间进行，且金额合计为零"], "invalid-transfer"),
        UnitMismatch => new BusinessRuleException(l["不能在资金与积分之间转账"], "unit-mismatch"),
        RefundTooLarge => new BusinessRuleException(l["退款金额超过该笔消费可退的金额"], "refund-too-large"),
        RefundWindow => new BusinessRuleException(l["已超过退款期限（消费后30天内可退）"], "refund-window-passed"),
        CouponUsedUp => new BusinessRuleException(l["本月该优惠券的使用次数已用完"], "coupon-used-up"),
        NoSuchPayment => new NotFoundException(l["未找到该笔消费"]),
        PostgresErrorCodes.CheckViolation when e.ConstraintName == "balance_not_negative" => new BusinessRuleException(l["余额不足"], "balance-short"),
        PostgresErrorCodes.UniqueViolation when e.ConstraintName == "transfers_one_reversal" => new BusinessRuleException(l["该笔转账已冲正过"], "already-reversed"),
        PostgresErrorCodes.UniqueViolation when e.ConstraintName == "payments_code_once" => new BusinessRuleException(l["付款码已使用，请会员刷新后重新出示"], "payment-code-used"),
        PostgresErrorCodes.UniqueViolation when e.ConstraintName == "postings_one_per_account" => new BusinessRuleException(l["转账必须在不同账户之间进行，且金额合计为零"], "invalid-transfer"),
        _ => null,
    };

    /// <summary>A deadlock or serialization failure: the transaction was rolled back whole and may simply run again.</summary>
    public static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
