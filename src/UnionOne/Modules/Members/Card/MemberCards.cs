using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Card;

public sealed record MemberCard(long Id, long UnionId, string Name, string UnionName, string MemberNo, MemberStatus Status, DateOnly JoinedOn, string IdNumberMasked);

/// <summary>
/// The member card of the signed-in phone: one indexed query on phone_hash (active record first, as IMemberDirectory
/// orders it), kept in the <see cref="CardCache"/> until the row changes; the union name comes from the in-memory tree
/// on every call (a renamed union shows at once). Found by phone, so it shows right after approval even when the session
/// was started before the person became a member (a phone without a member is never cached).
/// </summary>
internal sealed class MemberCards(NpgsqlDataSource dataSource, MemberSecrets secrets, IOrganisationDirectory directory, CardCache cache)
{
    public async Task<MemberCard?> ForPhoneHashAsync(byte[] phoneHash, CancellationToken ct)
    {
        if (!cache.TryGet(phoneHash, out var card))
        {
            var version = cache.Version;
            card = await ReadAsync(phoneHash, ct);
            if (card is null) return null;
            cache.Store(phoneHash, card, version);
        }
        var union = await directory.FindAsync(card!.UnionId, ct);
        return card with { UnionName = union?.Name ?? "" };
    }

    private async Task<MemberCard?> ReadAsync(byte[] phoneHash, CancellationToken ct)
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
        return row is null ? null
            : new MemberCard(row.Id, row.UnionId, row.Name, "", row.MemberNo, (MemberStatus)row.Status, row.JoinedOn, secrets.MaskedIdNumber(row.IdNumberEnc));
    }

    private sealed record Row(long Id, string MemberNo, string Name, long UnionId, short Status, DateOnly JoinedOn, byte[] IdNumberEnc);
}
