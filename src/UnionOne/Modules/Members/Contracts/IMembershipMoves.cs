using Npgsql;

namespace UnionOne.Modules.Members.Contracts;

/// <summary>Used by the Organisations module when a union is merged or deregistered: members move, history stays.</summary>
public interface IMembershipMoves
{
    /// <summary>Moves every member (any status) of <paramref name="fromUnionId"/> to <paramref name="toUnionId"/>, writing history; returns how many.</summary>
    Task<int> MoveAllAsync(long fromUnionId, long toUnionId, string reason, NpgsqlTransaction transaction, CancellationToken ct = default);

    /// <summary>Pending join requests and transfers addressed to a union are re-addressed too.</summary>
    Task<int> ReaddressPendingAsync(long fromUnionId, long toUnionId, NpgsqlTransaction transaction, CancellationToken ct = default);
}

/// <summary>Counts for coverage reports (会员覆盖率).</summary>
public interface IMemberCounts
{
    /// <summary>Active members per union id (unions with none are absent).</summary>
    Task<IReadOnlyDictionary<long, long>> ActiveMembersByUnionAsync(CancellationToken ct = default);
}
