using System.ComponentModel.DataAnnotations;

namespace UnionOne.Modules.Wallet.Disbursements;

/// <summary>Settings of disbursements (section "Wallet:Disbursements").</summary>
internal sealed class DisbursementOptions
{
    public const string Section = "Wallet:Disbursements";

    /// <summary>Members credited per ledger transfer (one transaction each).</summary>
    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 10_000;

    /// <summary>Chunks of one disbursement posted at the same time (each on its own connection).</summary>
    [Range(1, 8)]
    public int Parallelism { get; set; } = 2;

    /// <summary>The background worker posts approved disbursements (off only in tests that drive posting by hand).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for approved disbursements that are not finished (it is also woken at approval).</summary>
    [Range(1, 3600)]
    public int WorkerIntervalSeconds { get; set; } = 10;

    /// <summary>Most members in one disbursement.</summary>
    [Range(1, 2_000_000)]
    public int MaxMembers { get; set; } = 500_000;

    /// <summary>Largest amount one member may receive in one disbursement, in fen (¥10,000 by default).</summary>
    [Range(1, 100_000_000)]
    public long MaxAmountPerMemberFen { get; set; } = 1_000_000;

    /// <summary>Largest uploaded list (.xlsx), in bytes.</summary>
    [Range(1024, 200 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
}
