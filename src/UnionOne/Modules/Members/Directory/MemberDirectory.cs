using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Platform.Security;

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

    public async Task<IReadOnlyDictionary<long, MemberRef>> FindManyAsync(IReadOnlyCollection<long> memberIds, CancellationToken ct = default)
    {
        if (memberIds.Count == 0)
        {
            return new Dictionary<long, MemberRef>();
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from members.members where id = any(@ids)", new { ids = memberIds.Distinct().ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.ToRef());
    }

    public async Task<MemberProfile?> ProfileAsync(long memberId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition($"""
            select {Columns}, job_type as JobType, tags, birth_date as BirthDate, gender::text as Gender, phone_enc as PhoneEnc
            from members.members where id = @memberId
            """, new { memberId }, cancellationToken: ct));
        return row is null
            ? null
            : new MemberProfile(row.Id, row.MemberNo, row.Name, row.UnionId, (MemberStatus)row.Status, (JobType)row.JobType,
                row.Tags, row.BirthDate, row.Gender[0], Mask.Phone(secrets.DecryptPhone(row.PhoneEnc)));
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

    // A class, not a positional record: Dapper matches constructors by the reader's field types, and text[] reports System.Array.
    private sealed class ProfileRow
    {
        public long Id { get; init; }
        public string MemberNo { get; init; } = "";
        public string Name { get; init; } = "";
        public long UnionId { get; init; }
        public short Status { get; init; }
        public short JobType { get; init; }
        public string[] Tags { get; init; } = [];
        public DateOnly BirthDate { get; init; }
        public string Gender { get; init; } = "";
        public byte[] PhoneEnc { get; init; } = [];
    }

    private sealed record Row(long Id, string MemberNo, string Name, long UnionId, short Status)
    {
        public MemberRef ToRef() => new(Id, MemberNo, Name, UnionId, (MemberStatus)Status);
    }
}
