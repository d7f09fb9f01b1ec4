using System.Text;
using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Members.Directory;

/// <summary>
/// <see cref="IMemberSelection"/>: a selection is one statement (union ids as an array, filters only when given, so the
/// birthday and tag indexes serve it); look-ups are three statements at most (by member number, by full ID number hash,
/// by name + hash of the last four), whatever the number of rows. Masked ID numbers are then checked against the region
/// of each candidate's decrypted number; the clear number never leaves this class.
/// </summary>
internal sealed class MemberSelection(NpgsqlDataSource dataSource, MemberSecrets secrets) : IMemberSelection
{
    public async Task<IReadOnlyList<SelectedMember>> ActiveMembersAsync(SubtreeFilter unions, MemberSelectionFilter filter, CancellationToken ct = default)
    {
        var result = new List<SelectedMember>();
        if (!unions.All && unions.UnionIds.Count == 0) return result;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Command(conn, "m.id, m.member_no", unions, filter, " order by m.id");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(new SelectedMember(reader.GetInt64(0), reader.GetString(1)));
        return result;
    }

    public async Task<int> CountActiveAsync(SubtreeFilter unions, MemberSelectionFilter filter, CancellationToken ct = default)
    {
        if (!unions.All && unions.UnionIds.Count == 0) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = Command(conn, "count(*)::int", unions, filter, "");
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, string columns, SubtreeFilter unions, MemberSelectionFilter filter, string tail)
    {
        var sql = new StringBuilder($"select {columns} from members.members m where m.status = 1");
        var cmd = new NpgsqlCommand { Connection = conn };
        if (!unions.All)
        {
            sql.Append(" and m.union_id = any(@unions)");
            cmd.Parameters.AddWithValue("unions", unions.UnionIds as long[] ?? unions.UnionIds.ToArray());
        }
        if (filter.BirthMonth is { } month)
        {
            // The expression of the members_birthday index.
            sql.Append(" and extract(month from m.birth_date) = @month");
            cmd.Parameters.AddWithValue("month", (decimal)month);
        }
        if (filter.Tag is { Length: > 0 } tag)
        {
            sql.Append(" and m.tags @> array[@tag]::text[]");
            cmd.Parameters.AddWithValue("tag", tag);
        }
        if (filter.JobType is { } jobType)
        {
            sql.Append(" and m.job_type = @jobType");
            cmd.Parameters.AddWithValue("jobType", (short)jobType);
        }
        sql.Append(tail);
        cmd.CommandText = sql.ToString();
        return cmd;
    }

    public async Task<IReadOnlyList<IReadOnlyList<MemberRef>>> LookupAsync(IReadOnlyList<MemberLookup> lookups, CancellationToken ct = default)
    {
        var found = new List<MemberRef>?[lookups.Count];
        var byNo = new List<(int Index, string No)>();
        var byFull = new List<(int Index, string Name, byte[] Hash)>();
        var byMasked = new List<(int Index, string Name, string Region, byte[] SuffixHash)>();
        for (var i = 0; i < lookups.Count; i++)
        {
            var l = lookups[i];
            if (l.MemberNo?.Trim() is { Length: > 0 } no)
            {
                byNo.Add((i, no.ToUpperInvariant()));
                continue;
            }
            var name = l.Name?.Trim() ?? "";
            var id = (l.IdNumber ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            if (name.Length == 0 || id.Length == 0) continue;
            if (ResidentIdNumber.TryParse(id, out _) is { } full) byFull.Add((i, name, secrets.IdNumberHash(full.Value)));
            else if (ParseMasked(id) is { } masked) byMasked.Add((i, name, masked.Region, secrets.IdSuffixHash(masked.Suffix)));
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (byNo.Count > 0)
        {
            var rows = await conn.QueryAsync<(int Index, long Id, string MemberNo, string Name, long UnionId, short Status)>(new CommandDefinition("""
                select k.i, m.id, m.member_no, m.name, m.union_id, m.status
                from unnest(@indexes, @nos) k(i, no) join members.members m on m.member_no = k.no
                """, new { indexes = byNo.Select(x => x.Index).ToArray(), nos = byNo.Select(x => x.No).ToArray() }, cancellationToken: ct));
            foreach (var r in rows) Add(found, r.Index, new MemberRef(r.Id, r.MemberNo, r.Name, r.UnionId, (MemberStatus)r.Status));
        }
        if (byFull.Count > 0)
        {
            var rows = await conn.QueryAsync<(int Index, long Id, string MemberNo, string Name, long UnionId, short Status)>(new CommandDefinition("""
                select k.i, m.id, m.member_no, m.name, m.union_id, m.status
                from unnest(@indexes, @names, @hashes) k(i, name, hash) join members.members m on m.id_number_hash = k.hash and m.name = k.name
                """, new { indexes = byFull.Select(x => x.Index).ToArray(), names = byFull.Select(x => x.Name).ToArray(), hashes = byFull.Select(x => x.Hash).ToArray() },
                cancellationToken: ct));
            foreach (var r in rows) Add(found, r.Index, new MemberRef(r.Id, r.MemberNo, r.Name, r.UnionId, (MemberStatus)r.Status));
        }
        if (byMasked.Count > 0)
        {
            var regions = byMasked.ToDictionary(x => x.Index, x => x.Region);
            var rows = await conn.QueryAsync<(int Index, long Id, string MemberNo, string Name, long UnionId, short Status, byte[] IdEnc)>(new CommandDefinition("""
                select k.i, m.id, m.member_no, m.name, m.union_id, m.status, m.id_number_enc
                from unnest(@indexes, @names, @hashes) k(i, name, hash) join members.members m on m.id_suffix_hash = k.hash and m.name = k.name
                """, new { indexes = byMasked.Select(x => x.Index).ToArray(), names = byMasked.Select(x => x.Name).ToArray(), hashes = byMasked.Select(x => x.SuffixHash).ToArray() },
                cancellationToken: ct));
            foreach (var r in rows)
            {
                if (!secrets.DecryptIdNumber(r.IdEnc).StartsWith(regions[r.Index], StringComparison.Ordinal)) continue;
                Add(found, r.Index, new MemberRef(r.Id, r.MemberNo, r.Name, r.UnionId, (MemberStatus)r.Status));
            }
        }
        return found.Select(f => (IReadOnlyList<MemberRef>?)f ?? []).ToList();
    }

    private static void Add(List<MemberRef>?[] found, int index, MemberRef member) => (found[index] ??= []).Add(member);

    /// <summary>"330102********1234" (region, one or more stars, last four): region and suffix, or null.</summary>
    public static (string Region, string Suffix)? ParseMasked(string s)
    {
        if (s.Length < 11 || s.Length > 18) return null;
        var region = s[..6];
        var suffix = s[^4..];
        var stars = s[6..^4];
        if (!region.All(char.IsAsciiDigit) || stars.Length == 0 || stars.Any(c => c != '*')) return null;
        if (!suffix[..3].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(suffix[3]) || suffix[3] == 'X')) return null;
        return (region, suffix);
    }
}
