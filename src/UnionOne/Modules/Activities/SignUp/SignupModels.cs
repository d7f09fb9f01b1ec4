namespace UnionOne.Modules.Activities.SignUp;

/// <summary>A member's sign-up: family members coming along, the child (summer childcare), the partner (collective wedding), answers in question order.</summary>
public sealed record SignUpInput
{
    public int? FamilyCount { get; init; }

    public string? ChildName { get; init; }

    public int? ChildAge { get; init; }

    public string? PartnerName { get; init; }

    public IReadOnlyList<string>? Answers { get; init; }
}

/// <summary>A sign-up as the member (and the API) sees it.</summary>
public sealed record SignupView(
    long Id, long ActivityId, string ActivityTitle, string KindLabel, string TimeText, string PlaceText,
    string Status, string StatusLabel, int Seats, int FamilyCount, string? ChildName, int? ChildAge, string? PartnerName,
    IReadOnlyList<string> Answers, long FeeFen, int? WaitlistPosition, bool CanCancel, DateTime CancelDeadline, string CancelDeadlineText,
    DateTime CreatedAt, DateTime? CheckedInAt, long? Points);

/// <summary>One open activity on the member's "events for me" page.</summary>
public sealed record ForMeItem(
    long Id, string Title, short Kind, string KindLabel, string UnionName, DateTime StartsAt, string TimeText, string PlaceText,
    int Capacity, int SeatsLeft, int Waitlisted, string FeeText, bool SignupOpen, string StateLabel, string? MyStatus, string? MyStatusLabel);

public sealed record EventsForMe(IReadOnlyList<ForMeItem> Items, int Page, bool HasMore);

/// <summary>What the member's form is pre-filled with (real-name data; the phone masked).</summary>
public sealed record Prefill(string Name, string MemberNo, string MaskedPhone, string UnionName);

/// <summary>An activity for the member: can they sign up (else why not), their own sign-up, their pre-filled data.</summary>
public sealed record MemberActivity(Domain.ActivityView Activity, bool CanSignUp, string? WhyNot, bool WillWaitlist, SignupView? Mine, Prefill Prefill);
