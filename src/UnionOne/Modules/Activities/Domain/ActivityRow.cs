namespace UnionOne.Modules.Activities.Domain;

/// <summary>An activity as stored, with its live counts (waitlisted sign-ups).</summary>
internal sealed record ActivityRow(
    long Id, long UnionId, short Kind, string Title, string Description, DateTime StartsAt, DateTime EndsAt, string PlaceText, long? PlaceId,
    int Capacity, int SeatsTaken, DateTime SignupOpensAt, DateTime SignupClosesAt, long FeeFen, short MaxFamily, bool FamilyCounts,
    bool PointsOnCheckin, short? ChildMinAge, short? ChildMaxAge, string[] Questions, long[] TargetUnionIds, string[] TargetTags,
    short[] TargetJobTypes, short Status, DateTime CreatedAt, DateTime? PublishedAt, DateTime? CancelledAt, int Waitlisted)
{
    public const string Columns = """
        a.id, a.union_id as UnionId, a.kind, a.title, a.description, a.starts_at as StartsAt, a.ends_at as EndsAt, a.place_text as PlaceText,
        a.place_id as PlaceId, a.capacity, a.seats_taken as SeatsTaken, a.signup_opens_at as SignupOpensAt, a.signup_closes_at as SignupClosesAt,
        a.fee_fen as FeeFen, a.max_family as MaxFamily, a.family_counts as FamilyCounts, a.points_on_checkin as PointsOnCheckin,
        a.child_min_age as ChildMinAge, a.child_max_age as ChildMaxAge, a.questions, a.target_union_ids as TargetUnionIds,
        a.target_tags as TargetTags, a.target_job_types as TargetJobTypes, a.status, a.created_at as CreatedAt, a.published_at as PublishedAt,
        a.cancelled_at as CancelledAt,
        (select count(*) from activities.signups w where w.activity_id = a.id and w.status = 2)::int as Waitlisted
        """;

    public ActivityKind KindValue => (ActivityKind)Kind;

    public ActivityStatus StatusValue => (ActivityStatus)Status;

    public bool IsChildcare => KindValue == ActivityKind.SummerChildcare;

    public bool IsWedding => KindValue == ActivityKind.CollectiveWedding;

    public int SeatsLeft => Math.Max(0, Capacity - SeatsTaken);
}

/// <summary>A sign-up as stored.</summary>
internal sealed record SignupRow(
    long Id, long ActivityId, long MemberId, long UnionId, short Status, short Seats, short FamilyCount, string? ChildName, short? ChildAge,
    string? PartnerName, string[] Answers, long FeeFen, long? PaidTransferId, DateTime CreatedAt, DateTime? PromotedAt, DateTime? CancelledAt,
    DateTime? CheckedInAt, string? CheckInMethod, long? Points)
{
    public const string Columns = """
        s.id, s.activity_id as ActivityId, s.member_id as MemberId, s.union_id as UnionId, s.status, s.seats, s.family_count as FamilyCount,
        s.child_name as ChildName, s.child_age as ChildAge, s.partner_name as PartnerName, s.answers, s.fee_fen as FeeFen,
        s.paid_transfer_id as PaidTransferId, s.created_at as CreatedAt, s.promoted_at as PromotedAt, s.cancelled_at as CancelledAt,
        s.checked_in_at as CheckedInAt, s.check_in_method as CheckInMethod, s.points
        """;

    public SignupStatus StatusValue => (SignupStatus)Status;
}
