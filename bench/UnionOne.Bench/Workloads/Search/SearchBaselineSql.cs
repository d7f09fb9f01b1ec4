using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Bench.Workloads.Search;

/// <summary>
/// The raw SQL behind GET /api/v1/members for one filter: the same WHERE (scope as an id list, or no union filter for
/// the whole tree; name prefix with LIKE, or the phone's look-up hash), the same ORDER BY and LIMIT (a page of 20 plus
/// one row to know whether more follow), the same columns. It mirrors MemberSearchSql.Build of the Members module;
/// once that is merged, <see cref="For"/> can call it directly (see docs/performance.md). Before each search series the
/// workload checks that the API and this statement return the same members in the same order.
/// </summary>
internal static class SearchBaselineSql
{
    public const int PageSize = 20;

    private const string Columns = """
        m.id, m.member_no, m.name, m.gender, m.id_number_enc, m.phone_enc, m.union_id,
        m.job_type, m.status, m.tags, m.joined_on, m.in_holding_pool, m.employer_name
        """;

    /// <summary>A name-prefix search (q=) or a phone search (phoneHash given).</summary>
    public static SqlStatement For(SubtreeFilter scope, string? namePrefix, byte[]? phoneHash)
    {
        var where = new List<string>();
        var p = new List<(string, NpgsqlDbType, object)>();
        if (!scope.All)
        {
            if (scope.UnionIds.Count == 1)
            {
                where.Add("m.union_id = @union");
                p.Add(("union", NpgsqlDbType.Bigint, scope.UnionIds[0]));
            }
            else
            {
                where.Add("m.union_id = any(@unions)");
                p.Add(("unions", NpgsqlDbType.Array | NpgsqlDbType.Bigint, scope.UnionIds.ToArray()));
            }
        }
        if (namePrefix is not null)
        {
            where.Add("m.name like @namePattern");
            p.Add(("namePattern", NpgsqlDbType.Text, EscapeLike(namePrefix) + "%"));
        }
        if (phoneHash is not null)
        {
            where.Add("m.phone_hash = @phoneHash");
            p.Add(("phoneHash", NpgsqlDbType.Bytea, phoneHash));
        }
        var sql = $"select {Columns} from members.members m"
            + (where.Count > 0 ? " where " + string.Join(" and ", where) : "")
            + " order by m.name using ~<~, m.id limit @limit offset @offset";
        p.Add(("limit", NpgsqlDbType.Integer, PageSize + 1));
        p.Add(("offset", NpgsqlDbType.Integer, 0));
        return new SqlStatement(sql, p);
    }

    /// <summary>Runs the statement and reads every column of every row (as a data reader would); returns the member ids.</summary>
    public static async Task<List<long>> RunAsync(NpgsqlDataSource db, SqlStatement statement, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = statement.On(conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<long>(PageSize + 1);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            ids.Add((long)values[0]);
        }
        return ids;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}

/// <summary>A statement and its parameter values; a fresh command per execution, as Dapper does in the app.</summary>
internal sealed record SqlStatement(string Text, IReadOnlyList<(string Name, NpgsqlDbType Type, object Value)> Parameters)
{
    public NpgsqlCommand On(NpgsqlConnection conn)
    {
        var cmd = new NpgsqlCommand(Text, conn);
        foreach (var (name, type, value) in Parameters) cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return cmd;
    }
}
