namespace UnionOne.Modules.Libraries.Loans;

/// <summary>How a loan was made: at a staff desk, or by a self-check machine or alliance system over SIP2.</summary>
internal static class LoanChannels
{
    public const string Desk = "desk";
    public const string Sip2 = "sip2";
}

internal sealed record BorrowInput(string? MemberNo, string? Barcode);

internal sealed record ReturnInput(string? Barcode);

/// <summary>A loan as staff and members see it (the borrower's name masked for staff of other unions' libraries).</summary>
internal sealed record LoanView(
    long Id,
    string Barcode,
    string Title,
    string Isbn,
    string MemberNo,
    string MemberName,
    long BorrowedPlaceId,
    string BorrowedAt,
    string BorrowedPlaceName,
    DateOnly DueOn,
    int Renewals,
    int RenewalsLeft,
    bool Returned,
    string? ReturnedPlaceName,
    int OverdueDays);

internal sealed record ReturnView(long LoanId, string Barcode, string Title, string MemberNo, int OverdueDays, long HomePlaceId, string HomePlaceName, bool AwayFromHome);

/// <summary>What a self-check machine or desk needs to know of a copy.</summary>
internal sealed record CopyStatus(string Barcode, string Title, string Isbn, long HomePlaceId, long LocationPlaceId, bool Withdrawn, DateOnly? DueOn, string? BorrowerMemberNo);
