namespace UnionOne.Modules.Activities.Domain;

/// <summary>An activity as stored, with its live counts (waitlisted sign-ups).</summary>
internal sealed class ActivityRow
{
    public long Id { get; init; }

    public long UnionId { get; init; }

    public short Kind { get; init; }

    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public DateTime StartsAt { get; init; }

    public DateTime EndsAt { get; init; }

    public string PlaceText { get; init; } = "";

    public long? PlaceId { get; init; }

    public int Capacity { get; init; }

    public int SeatsTaken { get; init; }

    public DateTime SignupOpensAt { get; init; }

    public DateTime SignupClosesAt { get; init; }

    public long FeeFen { get; init; }

    public short MaxFamily { get; init; }

    public bool FamilyCounts { get; init; }

    public bool PointsOnCheckin { get; init; }

    public short? ChildMinAge { get; init; }

    public short? ChildMaxAge { get; init; }

    public string[] Questions { get; init; } = [];

    public long[] TargetUnionIds { get; init; } = [];

    public string[] TargetTags { get; init; } = [];

    public short[] TargetJobTypes { get; init; } = [];

    public short Status { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? PublishedAt { get; init; }

    public DateTime? CancelledAt { get; init; }

    public int Waitlisted { get; init; }


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
internal sealed class SignupRow
{
    public long Id { get; init; }

    public long ActivityId { get; init; }

    public long MemberId { get; init; }

    public long UnionId { get; init; }

    public short Status { get; init; }

    public short Seats { get; init; }

    public short FamilyCount { get; init; }

    public string? ChildName { get; init; }

    public short? ChildAge { get; init; }

    public string? PartnerName { get; init; }

    public string[] Answers { get; init; } = [];

    public long FeeFen { get; init; }

    public long? PaidTransferId { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? PromotedAt { get; init; }

    public DateTime? CancelledAt { get; init; }

    public DateTime? CheckedInAt { get; init; }

    public string? CheckInMethod { get; init; }

    public long? Points { get; init; }


    public const string Columns = """
        s.id, s.activity_id as ActivityId, s.member_id as MemberId, s.union_id as UnionId, s.status, s.seats, s.family_count as FamilyCount,
        s.child_name as ChildName, s.child_age as ChildAge, s.partner_name as PartnerName, s.answers, s.fee_fen as FeeFen,
        s.paid_transfer_id as PaidTransferId, s.created_at as CreatedAt, s.promoted_at as PromotedAt, s.cancelled_at as CancelledAt,
        s.checked_in_at as CheckedInAt, s.check_in_method as CheckInMethod, s.points
        """;

    public SignupStatus StatusValue => (SignupStatus)Status;
}
