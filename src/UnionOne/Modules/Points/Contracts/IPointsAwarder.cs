using Npgsql;

namespace UnionOne.Modules.Points.Contracts;

/// <summary>What points are earned for (积分事件). Unions set points per kind for 1-3; <see cref="Manual"/> is staff's own award.</summary>
public enum PointsEvent : short
{
    /// <summary>参加活动</summary>
    ActivityAttendance = 1,

    /// <summary>驿站评价</summary>
    StationRating = 2,

    /// <summary>知识竞赛</summary>
    Quiz = 3,

    /// <summary>手动奖励 (staff, with a reason; no rule)</summary>
    Manual = 4,
}

/// <summary>
/// Awards points for an event by the rules of the nearest union up the member's lineage that has a rule for the kind
/// (0 points is a rule too: that union gives nothing for it). At most once per (kind, reference, member): a retry returns
/// what the first call awarded. The points come from the rule union's points-issued account in the wallet ledger.
/// </summary>
public interface IPointsAwarder
{
    /// <summary>
    /// Awards points to <paramref name="memberId"/>, whose union is <paramref name="unionId"/>, for an event named by
    /// <paramref name="reference"/> (e.g. "rating:123", at most 120 characters). Returns the points awarded, or null when no
    /// union up the lineage has a rule for the kind (or the rule gives 0). Posts and commits on its own.
    /// </summary>
    Task<long?> AwardAsync(long memberId, long unionId, PointsEvent kind, string reference, CancellationToken ct);

    /// <summary>The same, inside the caller's transaction: the event and its points commit together (the caller commits).</summary>
    Task<long?> AwardAsync(long memberId, long unionId, PointsEvent kind, string reference, NpgsqlTransaction transaction, CancellationToken ct);
}

/// <summary>Demo data for the points supermarket (used by the DemoData module).</summary>
public interface IPointsDemoSeeder
{
    /// <summary>
    /// Once per database: earning rules and a few supermarket items at <paramref name="cityUnionId"/>, and a welcome award to
    /// each of the given members (id, union). Returns how many members received points (0 when already seeded).
    /// </summary>
    Task<int> SeedAsync(long cityUnionId, IReadOnlyList<(long MemberId, long UnionId)> members, CancellationToken ct = default);
}
