namespace UnionOne.Modules.Activities.Publishing;

/// <summary>
/// What staff enter to publish an activity. Times carry their offset (e.g. 2026-12-01T19:00:00+08:00). Eligibility: the
/// publishing union's subtree, or the subtrees of <see cref="TargetUnionIds"/> (inside it); optionally only members with one
/// of <see cref="TargetTags"/> and/or one of <see cref="TargetJobTypes"/>. <see cref="Publish"/>: publish at once (else a draft).
/// </summary>
public sealed record ActivityInput
{
    public long? UnionId { get; init; }

    /// <summary>1 工匠讲堂, 2 订单式培训, 3 达工影院, 4 暑期托管, 5 集体婚礼, 6 生日会, 7 技能竞赛, 8 家庭开放日.</summary>
    public int? Kind { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public string? PlaceText { get; init; }

    /// <summary>A union place (阵地) from the Places module, optional.</summary>
    public long? PlaceId { get; init; }

    public int? Capacity { get; init; }

    public DateTimeOffset? SignupOpensAt { get; init; }

    public DateTimeOffset? SignupClosesAt { get; init; }

    /// <summary>Fee in fen, paid from the member's benefit wallet (0: free).</summary>
    public long? FeeFen { get; init; }

    /// <summary>Family members a sign-up may bring (0-5).</summary>
    public int? MaxFamily { get; init; }

    /// <summary>Whether family members take seats of the capacity.</summary>
    public bool FamilyCounts { get; init; }

    public bool PointsOnCheckIn { get; init; }

    public int? ChildMinAge { get; init; }

    public int? ChildMaxAge { get; init; }

    public IReadOnlyList<string>? Questions { get; init; }

    public IReadOnlyList<long>? TargetUnionIds { get; init; }

    public IReadOnlyList<string>? TargetTags { get; init; }

    public IReadOnlyList<int>? TargetJobTypes { get; init; }

    public bool Publish { get; init; }
}
