using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Wallet.Disbursements.Upload;

/// <summary>One row of the check report.</summary>
internal sealed record UploadRowView(int RowNo, string Outcome, string OutcomeLabel, long? MemberId, string? MemberNo, string? Name, long? Amount, string Message);

/// <summary>An uploaded list after its check: counts by outcome, the problem rows and the first matched rows. Amounts in fen.</summary>
internal sealed record UploadView(
    long Id,
    long UnionId,
    string UnionName,
    string FileName,
    string Title,
    string Purpose,
    IReadOnlyList<MerchantCategory>? Categories,
    int? ValidDays,
    long? DefaultAmount,
    int TotalRows,
    int MatchedRows,
    int ProblemRows,
    long MatchedTotal,
    bool Clean,
    long? DisbursementId,
    DateTime CreatedAt,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<UploadRowView> Problems,
    IReadOnlyList<UploadRowView> MatchedSample);
