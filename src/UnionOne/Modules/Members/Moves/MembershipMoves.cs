using System.Text.Json;
using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Moves;

/// <summary>
/// Members follow their union when it is merged or deregistered (inside the Organisations module's transaction):
/// each moved member gets a "moved" event, so history stays with the person.
/// </summary>
internal sealed class MembershipMoves(IOrganisationDirectory directory) : IMembershipMoves
{
    public async Task<int> MoveAllAsync(long fromUnionId, long toUnionId, string reason, NpgsqlTransaction transaction, CancellationToken ct = default)
    {
        if (fromUnionId == toUnionId) return 0;
        // Members who land on a federation (not a grassroots union) wait in its holding pool for a union of their own.
        var target = await directory.FindAsync(toUnionId, ct);
        bool? pool = target is null ? null : target.Level != UnionLevel.Grassroots;
        return await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            with moved as (
                update members.members
                set union_id = @toUnionId, in_holding_pool = coalesce(@pool, in_holding_pool), updated_at = now(), version = version + 1
                where union_id = @fromUnionId
                returning id
            )
            insert into members.membership_events (member_id, kind, from_union_id, to_union_id, detail)
            select id, 'moved', @fromUnionId, @toUnionId, @detail::jsonb from moved
            """, new { fromUnionId, toUnionId, pool, detail = JsonSerializer.Serialize(new { reason }) }, transaction, cancellationToken: ct));
    }

    public async Task<int> ReaddressPendingAsync(long fromUnionId, long toUnionId, NpgsqlTransaction transaction, CancellationToken ct = default)
    {
        if (fromUnionId == toUnionId) return 0;
        var conn = transaction.Connection!;
        // A transfer between the two unions being joined has nothing left to do.
        var closed = await conn.ExecuteAsync(new CommandDefinition("""
            update members.transfers set status = 5, closed_reason = '工会合并，转移自动撤销', closed_at = now()
            where status in (1, 2)
              and ((from_union_id = @fromUnionId and to_union_id = @toUnionId) or (from_union_id = @toUnionId and to_union_id = @fromUnionId))
            """, new { fromUnionId, toUnionId }, transaction, cancellationToken: ct));
        var requests = await conn.ExecuteAsync(new CommandDefinition(
            "update members.join_requests set union_id = @toUnionId where union_id = @fromUnionId and status = 1",
            new { fromUnionId, toUnionId }, transaction, cancellationToken: ct));
        var transfers = await conn.ExecuteAsync(new CommandDefinition("""
            update members.transfers
            set from_union_id = case when from_union_id = @fromUnionId then @toUnionId else from_union_id end,
                to_union_id = case when to_union_id = @fromUnionId then @toUnionId else to_union_id end
            where status in (1, 2) and (from_union_id = @fromUnionId or to_union_id = @fromUnionId)
            """, new { fromUnionId, toUnionId }, transaction, cancellationToken: ct));
        return closed + requests + transfers;
    }
}

/// <summary>Active members per union, for coverage reports (会员覆盖率): a report that may lag, so read from the replica.</summary>
internal sealed class MemberCounts(Platform.Database.Replica.LagTolerantReads reads) : IMemberCounts
{
    public Task<IReadOnlyDictionary<long, long>> ActiveMembersByUnionAsync(CancellationToken ct = default) =>
        reads.RunAsync<IReadOnlyDictionary<long, long>>(async dataSource =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var rows = await conn.QueryAsync<(long UnionId, long Count)>(new CommandDefinition(
                "select union_id, count(*) from members.members where status = 1 group by union_id", cancellationToken: ct));
            return rows.ToDictionary(r => r.UnionId, r => r.Count);
        });
}
