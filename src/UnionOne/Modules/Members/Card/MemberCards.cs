using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Card;

public sealed record MemberCard(long Id, long UnionId, string Name, string UnionName, string MemberNo, MemberStatus Status, DateOnly JoinedOn, string IdNumberMasked);

/// <summary>
/// The member card of the signed-in phone: one indexed query on phone_hash (active record first, as IMemberDirectory
/// orders it) and the union name from the in-memory tree. Found by phone, so it shows right after approval even
/// when the session was started before the person became a member.
/// </summary>
internal sealed class MemberCards(NpgsqlDataSource dataSource, MemberSecrets secrets, IOrganisationDirectory directory)
{
    public async Task<MemberCard?> ForPhoneHashAsync(byte[] phoneHash, CancellationToken ct)
    {
        Row? row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            row = await conn.QueryFirstOrDefaultAsync<Row>(new CommandDefinition("""
                select id, member_no as MemberNo, name, union_id as UnionId, status, joined_on as JoinedOn, id_number_enc as IdNumberEnc
                from members.members where phone_hash = @phoneHash
                order by (status = 1) desc, id desc limit 1
                """, new { phoneHash }, cancellationToken: ct));
        }
        if (row is null) return null;
        var union = await directory.FindAsync(row.UnionId, ct);
        return new MemberCard(row.Id, row.UnionId, row.Name, union?.Name ?? "", row.MemberNo, (MemberStatus)row.Status, row.JoinedOn,
            secrets.MaskedIdNumber(row.IdNumberEnc));
    }

    private sealed record Row(long Id, string MemberNo, string Name, long UnionId, short Status, DateOnly JoinedOn, byte[] IdNumberEnc);
}
