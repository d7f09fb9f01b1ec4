using Npgsql;
using NpgsqlTypes;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Members.Import.Bulk;

/// <summary>
/// Writes members in bulk with binary COPY, for import (staging table) and for demo and benchmark data
/// (members table). Encryption and hashing run in parallel over a batch: they are the CPU-heavy part.
/// </summary>
internal sealed class MemberBulkWriter(IPersonalDataCipher cipher)
{
    private const int ParallelThreshold = 256;

    private const string MemberColumns =
        "name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash, job_type, joined_on, tags, employer_name";

    /// <summary>Computes the ID look-up hash of every draft that has none (for de-duplication before sealing).</summary>
    public void HashIds(IReadOnlyList<MemberDraft> drafts) =>
        ForEach(drafts, d => d.IdNumberHash ??= cipher.LookupHash(PersonalDataPurposes.IdNumber, d.IdNumber));

    /// <summary>Encrypts ID number and phone and computes the look-up hashes.</summary>
    public void Seal(IReadOnlyList<MemberDraft> drafts) => ForEach(drafts, d =>
    {
        d.IdNumberHash ??= cipher.LookupHash(PersonalDataPurposes.IdNumber, d.IdNumber);
        d.IdNumberEnc = cipher.Encrypt(PersonalDataPurposes.IdNumber, d.IdNumber);
        d.IdSuffixHash = cipher.LookupHash(PersonalDataPurposes.IdSuffix, d.IdNumber[^4..].ToUpperInvariant());
        d.PhoneEnc = cipher.Encrypt(PersonalDataPurposes.Phone, d.Phone);
        d.PhoneHash = cipher.LookupHash(PersonalDataPurposes.Phone, d.Phone);
    });

    /// <summary>COPY into members.members (member_no, status and timestamps take their defaults). Returns rows written.</summary>
    public async Task<ulong> CopyMembersAsync(NpgsqlConnection conn, IReadOnlyList<MemberDraft> drafts, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"copy members.members (union_id, {MemberColumns}) from stdin (format binary)", ct);
        foreach (var d in drafts)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(d.UnionId, NpgsqlDbType.Bigint, ct);
            await WriteMemberColumnsAsync(copy, d, ct);
        }
        return await copy.CompleteAsync(ct);
    }

    /// <summary>COPY into the import staging table. Returns rows written.</summary>
    public async Task<ulong> CopyStagedAsync(NpgsqlConnection conn, long importId, IReadOnlyList<MemberDraft> drafts, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync($"copy members.import_rows (import_id, row_no, {MemberColumns}) from stdin (format binary)", ct);
        foreach (var d in drafts)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(importId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(d.RowNo, NpgsqlDbType.Integer, ct);
            await WriteMemberColumnsAsync(copy, d, ct);
        }
        return await copy.CompleteAsync(ct);
    }

    /// <summary>Pending join requests (demo data): sealed drafts addressed to a union or its holding pool.</summary>
    public async Task<ulong> CopyPendingJoinRequestsAsync(NpgsqlConnection conn, IReadOnlyList<(MemberDraft Draft, bool ToHoldingPool, string RegionCode)> requests, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            copy members.join_requests (union_id, to_holding_pool, name, id_number_enc, id_number_hash, phone_enc, phone_hash,
                                        job_type, employer_name, region_code) from stdin (format binary)
            """, ct);
        foreach (var (d, pool, region) in requests)
        {
            if (!d.IsSealed) throw new InvalidOperationException("Seal the drafts before writing them.");
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(d.UnionId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(pool, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(d.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(d.IdNumberEnc!, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(d.IdNumberHash!, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(d.PhoneEnc!, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync(d.PhoneHash!, NpgsqlDbType.Bytea, ct);
            await copy.WriteAsync((short)d.JobType, NpgsqlDbType.Smallint, ct);
            await WriteNullableTextAsync(copy, d.EmployerName, ct);
            await copy.WriteAsync(region, NpgsqlDbType.Char, ct);
        }
        return await copy.CompleteAsync(ct);
    }

    private static async Task WriteMemberColumnsAsync(NpgsqlBinaryImporter copy, MemberDraft d, CancellationToken ct)
    {
        if (!d.IsSealed) throw new InvalidOperationException("Seal the drafts before writing them.");
        await copy.WriteAsync(d.Name, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(d.IdNumberEnc!, NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync(d.IdNumberHash!, NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync(d.IdSuffixHash!, NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync(d.Gender == 'M' ? "M" : "F", NpgsqlDbType.Char, ct);
        await copy.WriteAsync(d.BirthDate, NpgsqlDbType.Date, ct);
        await copy.WriteAsync(d.PhoneEnc!, NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync(d.PhoneHash!, NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync((short)d.JobType, NpgsqlDbType.Smallint, ct);
        await copy.WriteAsync(d.JoinedOn, NpgsqlDbType.Date, ct);
        await copy.WriteAsync(d.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await WriteNullableTextAsync(copy, d.EmployerName, ct);
    }

    private static Task WriteNullableTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static void ForEach(IReadOnlyList<MemberDraft> drafts, Action<MemberDraft> action)
    {
        if (drafts.Count < ParallelThreshold)
        {
            foreach (var d in drafts) action(d);
            return;
        }
        Parallel.For(0, drafts.Count, i => action(drafts[i]));
    }
}
