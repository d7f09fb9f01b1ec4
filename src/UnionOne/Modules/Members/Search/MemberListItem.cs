namespace UnionOne.Modules.Members.Search;

/// <summary>A member in a list: ID number and phone masked, labels in the caller's language.</summary>
internal sealed record MemberListItem(
    long Id,
    string MemberNo,
    string Name,
    string Gender,
    string IdNumberMasked,
    string PhoneMasked,
    long UnionId,
    string UnionName,
    string JobType,
    string JobTypeLabel,
    string Status,
    string StatusLabel,
    string[] Tags,
    string JoinedOn,
    bool InHoldingPool,
    string? EmployerName);

/// <summary>One page of members. Total is given only when it is known without counting (the last page was reached).</summary>
internal sealed record MemberPage(IReadOnlyList<MemberListItem> Items, int Page, int PageSize, bool HasMore, long? Total);
