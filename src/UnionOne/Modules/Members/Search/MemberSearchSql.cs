using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Search;

/// <summary>A validated member filter: look-ups by phone and ID suffix are already keyed hashes.</summary>
internal sealed record MemberFilter(
    string? NamePrefix = null,
    string? MemberNo = null,
    byte[]? PhoneHash = null,
    byte[]? IdSuffixHash = null,
    string? Tag = null,
    JobType? JobType = null,
    MemberStatus? Status = null);

/// <summary>
/// The one SQL statement behind the member list, the export and the benchmark's baseline. Only the filters given
/// appear in the WHERE clause (so each plan is simple), the scope is an id list (no union filter at all for the whole
/// tree), and rows come in name order using the text_pattern_ops indexes that also serve the name prefix match.
/// </summary>
internal static class MemberSearchSql
{
    public const string Columns = """
        m.id, m.member_no as MemberNo, m.name, m.gender, m.id_number_enc as IdNumberEnc, m.phone_enc as PhoneEnc, m.union_id as UnionId,
        m.job_type as JobType, m.status, m.tags, m.joined_on as JoinedOn, m.in_holding_pool as InHoldingPool, m.employer_name as EmployerName
        """;

    /// <summary>Builds the statement; <paramref name="limit"/> null reads every matching row (export).</summary>
    public static (string Sql, DynamicParameters Parameters) Build(MemberFilter filter, SubtreeFilter scope, int offset, int? limit)
    {
        var where = new List<string>();
        var p = new DynamicParameters();
        if (!scope.All)
        {
            if (scope.UnionIds.Count == 1)
            {
                where.Add("m.union_id = @union");
                p.Add("union", scope.UnionIds[0]);
            }
            else
            {
                where.Add("m.union_id = any(@unions)");
                p.Add("unions", scope.UnionIds as long[] ?? scope.UnionIds.ToArray());
            }
        }
        if (filter.MemberNo is { } no)
        {
            where.Add("m.member_no = @memberNo");
            p.Add("memberNo", no);
        }
        if (filter.NamePrefix is { } prefix)
        {
            // name like @q || '%', with LIKE's wildcards in the typed text escaped.
            where.Add("m.name like @namePattern");
            p.Add("namePattern", EscapeLike(prefix) + "%");
        }
        if (filter.PhoneHash is { } phoneHash)
        {
            where.Add("m.phone_hash = @phoneHash");
            p.Add("phoneHash", phoneHash);
        }
        if (filter.IdSuffixHash is { } suffixHash)
        {
            where.Add("m.id_suffix_hash = @suffixHash");
            p.Add("suffixHash", suffixHash);
        }
        if (filter.Tag is { } tag)
        {
            where.Add("m.tags @> @tags");
            p.Add("tags", new[] { tag });
        }
        if (filter.JobType is { } jobType)
        {
            where.Add("m.job_type = @jobType");
            p.Add("jobType", (short)jobType);
        }
        if (filter.Status is { } status)
        {
            where.Add("m.status = @status");
            p.Add("status", (short)status);
        }
        var sql = $"select {Columns} from members.members m"
            + (where.Count > 0 ? " where " + string.Join(" and ", where) : "")
            + " order by m.name using ~<~, m.id";
        if (limit is { } l)
        {
            sql += " limit @limit offset @offset";
            p.Add("limit", l);
            p.Add("offset", offset);
        }
        return (sql, p);
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}

/// <summary>
/// One row of the member list as read from the database. A class with setters, not a positional record: Npgsql reports
/// text[] columns as System.Array, which Dapper's constructor matching does not accept for string[].
/// </summary>
internal class MemberRow
{
    public long Id { get; set; }

    public string MemberNo { get; set; } = "";

    public string Name { get; set; } = "";

    public string Gender { get; set; } = "";

    public byte[] IdNumberEnc { get; set; } = [];

    public byte[] PhoneEnc { get; set; } = [];

    public long UnionId { get; set; }

    public short JobType { get; set; }

    public short Status { get; set; }

    public string[] Tags { get; set; } = [];

    public DateOnly JoinedOn { get; set; }

    public bool InHoldingPool { get; set; }

    public string? EmployerName { get; set; }
}
