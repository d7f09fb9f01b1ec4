using System.ComponentModel.DataAnnotations;

namespace UnionOne.Modules.Wallet;

internal sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>A payment may be refunded (fully or in parts) this many days after it was made.</summary>
    [Range(1, 365)]
    public int RefundDays { get; set; } = 30;

    /// <summary>Largest single payment at a till, in fen (¥5,000 by default).</summary>
    [Range(100, 100_000_000)]
    public long MaxPaymentFen { get; set; } = 500_000;

    /// <summary>Idempotency keys are kept at least this long (the issue asks for 24 hours).</summary>
    [Range(24, 24 * 30)]
    public int KeepRequestKeysHours { get; set; } = 48;

    /// <summary>How often the worker returns expired funds and prunes old keys.</summary>
    [Range(5, 3600)]
    public int WorkerIntervalSeconds { get; set; } = 60;
}
