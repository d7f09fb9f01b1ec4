using Npgsql;
using UnionOne.Modules.Members.Search;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Bench.Workloads.Search;

/// <summary>
/// The raw SQL behind GET /api/v1/members for one filter: the very statement the API runs, built by the Members
/// module's MemberSearchSql.Build (same WHERE, ORDER BY, LIMIT and columns), but executed straight through Npgsql
/// without the HTTP pipeline, Dapper mapping, masking or JSON. Before each search series the workload checks that
/// the API and this statement return the same members in the same order.
/// </summary>
internal static class SearchBaselineSql
{
    public const int PageSize = MemberQuery.DefaultPageSize;

    /// <summary>A name-prefix search (q=) or a phone search (phoneHash given).</summary>
    public static SqlStatement For(SubtreeFilter scope, string? namePrefix, byte[]? phoneHash)
    {
        var (sql, parameters) = MemberSearchSql.Build(new MemberFilter(NamePrefix: namePrefix, PhoneHash: phoneHash), scope, 0, PageSize + 1);
        return new SqlStatement(sql, parameters.ParameterNames.Select(n => (n, parameters.Get<object>(n))).ToList());
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
}

/// <summary>A statement and its parameter values; a fresh command per execution, as Dapper does in the app.</summary>
internal sealed record SqlStatement(string Text, IReadOnlyList<(string Name, object Value)> Parameters)
{
    public NpgsqlCommand On(NpgsqlConnection conn)
    {
        var cmd = new NpgsqlCommand(Text, conn);
        foreach (var (name, value) in Parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }
}
