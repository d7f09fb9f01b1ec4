namespace UnionOne.Modules.Activities.Roster;

/// <summary>One sign-up in the staff list (member named through IMemberDirectory.FindManyAsync: one query for the page).</summary>
public sealed record RosterEntry(
    long Id, long MemberId, string MemberNo, string Name, long UnionId, string UnionName, string Status, string StatusLabel, int Seats, int FamilyCount,
    string? ChildName, int? ChildAge, string? PartnerName, IReadOnlyList<string> Answers, DateTime CreatedAt, string CreatedText,
    DateTime? CheckedInAt, string? CheckInMethod, long? Points);

/// <summary>Turnout counts: sign-ups by status (people, not seats), seats held, and the same per union.</summary>
public sealed record Turnout(int SignedUp, int Waitlisted, int Cancelled, int Attended, int SeatsTaken, int Capacity, IReadOnlyList<UnionTurnout> ByUnion);

public sealed record UnionTurnout(long UnionId, string UnionName, int SignedUp, int Waitlisted, int Cancelled, int Attended);

/// <summary>A check-in at the door: the scanned member code text.</summary>
public sealed record CheckInRequest(string? Code);

/// <summary>The outcome of a check-in: who (masked name, member number) and the points earned.</summary>
public sealed record CheckInResult(long SignupId, long MemberId, string MemberNo, string Name, DateTime CheckedInAt, long? Points, string Message);

/// <summary>A text to the participants (confirmed and attended; waitlisted too when asked).</summary>
public sealed record MessageRequest(string? Text, bool IncludeWaitlist);

public sealed record MessageResult(int Sent);
