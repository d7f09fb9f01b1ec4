using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Domain;

/// <summary>One person, one record: refuses an ID number already held by a member, naming the union (ID masked).</summary>
internal sealed class DuplicateMembers(IOrganisationDirectory directory, IStringLocalizer<MembersText> l)
{
    /// <summary>
    /// The existing record for the ID number, or null. Throws 409 when it is a current member (在会/已退休);
    /// a member who left or moved out of the platform may join again (the record is reused).
    /// </summary>
    public async Task<ExistingMember?> ThrowIfMemberAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, byte[] idHash, string maskedId, CancellationToken ct, bool forUpdate = false)
    {
        var existing = await conn.QuerySingleOrDefaultAsync<ExistingMember>(new CommandDefinition(
            $"select id, union_id as UnionId, status from members.members where id_number_hash = @idHash{(forUpdate ? " for update" : "")}",
            new { idHash }, tx, cancellationToken: ct));
        if (existing is null) return null;
        if ((MemberStatus)existing.Status is MemberStatus.Active or MemberStatus.Retired)
            throw new BusinessRuleException(await MessageAsync(existing.UnionId, maskedId, ct), "duplicate-id-number");
        return existing;
    }

    /// <summary>该身份证号已是「XX工会」会员（110105********002X）.</summary>
    public async Task<string> MessageAsync(long unionId, string maskedId, CancellationToken ct)
    {
        var union = await directory.FindAsync(unionId, ct);
        return l["该身份证号已是「{0}」会员（{1}）", union?.Name ?? l["其他工会"], maskedId];
    }

    /// <summary>After a unique violation on members_id_number (a race), the message naming the holder.</summary>
    public async Task<string> MessageAfterRaceAsync(NpgsqlDataSource dataSource, byte[] idHash, string maskedId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from members.members where id_number_hash = @idHash", new { idHash }, cancellationToken: ct));
        return unionId is { } u ? await MessageAsync(u, maskedId, ct) : l["该身份证号已是会员"];
    }
}

internal sealed record ExistingMember(long Id, long UnionId, short Status);
