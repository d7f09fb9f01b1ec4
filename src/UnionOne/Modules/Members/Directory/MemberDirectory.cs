using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;

namespace UnionOne.Modules.Members.Directory;

internal sealed class MemberDirectory(NpgsqlDataSource dataSource, MemberSecrets secrets) : IMemberDirectory
{
    private const string Columns = "id, member_no as MemberNo, name, union_id as UnionId, status";

    public async Task<MemberRef?> FindByPhoneHashAsync(byte[] phoneHash, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from members.members where phone_hash = @phoneHash order by (status = 1) desc, id desc limit 1",
            new { phoneHash }, cancellationToken: ct));
        return row?.ToRef();
    }

    public async Task<MemberRef?> FindAsync(long memberId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from members.members where id = @memberId", new { memberId }, cancellationToken: ct));
        return row?.ToRef();
    }

    public async Task<MemberRef?> FindByMemberNoAsync(string memberNo, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from members.members where member_no = @memberNo", new { memberNo = memberNo.Trim() }, cancellationToken: ct));
        return row?.ToRef();
    }

    public async Task<string?> NoticePhoneAsync(long memberId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var enc = await conn.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "select phone_enc from members.members where id = @memberId", new { memberId }, cancellationToken: ct));
        return enc is null ? null : secrets.DecryptPhone(enc);
    }

    public async Task<IReadOnlyList<MembershipChange>> ChangesSinceAsync(DateTime sinceUtc, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MembershipChange>(new CommandDefinition($"""
            select member_id as MemberId, at as AtUtc from members.membership_events
            where at > @sinceUtc and kind in ('{MemberEvents.StatusChanged}', '{MemberEvents.TransferredOut}', '{MemberEvents.Moved}')
            order by at
            """, new { sinceUtc }, cancellationToken: ct));
        return rows.AsList();
    }

    private sealed record Row(long Id, string MemberNo, string Name, long UnionId, short Status)
    {
        public MemberRef ToRef() => new(Id, MemberNo, Name, UnionId, (MemberStatus)Status);
    }
}
