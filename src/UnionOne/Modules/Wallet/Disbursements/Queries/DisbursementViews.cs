using System.Text.Json;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;

namespace UnionOne.Modules.Wallet.Disbursements.Queries;

/// <summary>A disbursement with its progress (members credited so far by posted chunks). Amounts in fen.</summary>
internal sealed record DisbursementView(
    long Id,
    long UnionId,
    string UnionName,
    string Title,
    string Purpose,
    IReadOnlyList<MerchantCategory>? Categories,
    int? ValidDays,
    string Source,
    JsonElement Selection,
    string Status,
    string StatusLabel,
    int MemberCount,
    long Total,
    int CreditedMembers,
    long CreditedTotal,
    int Chunks,
    int ChunksPosted,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime? SubmittedAt,
    string? ApprovedBy,
    DateTime? ApprovedAt,
    string? RejectedBy,
    DateTime? RejectedAt,
    string? RejectReason,
    DateTime? ExpiresAt,
    DateTime? PostedAt)
{
    public DisbursementStatus StatusValue => Enum.Parse<DisbursementStatus>(Status, ignoreCase: true);

    public int PercentDone => MemberCount == 0 ? 0 : (int)(CreditedMembers * 100L / MemberCount);
}

/// <summary>One line: the member and the amount (fen).</summary>
internal sealed record DisbursementLineView(long MemberId, string MemberNo, long Amount);

/// <summary>A page of lines, in member-id order; <see cref="NextAfter"/> continues it.</summary>
internal sealed record DisbursementLinesPage(IReadOnlyList<DisbursementLineView> Lines, long? NextAfter);
