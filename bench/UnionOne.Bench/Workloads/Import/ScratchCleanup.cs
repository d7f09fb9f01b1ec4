using Npgsql;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Removes the scratch unions ("基准测试-…"), their members and every row that references them, following the foreign
/// keys found in the catalogue (so tables added by later modules are covered without changes here), then vacuums the
/// member tables so the next measurement starts from a clean heap. The audit log is append-only and keeps its entries.
/// </summary>
internal static class ScratchCleanup
{
    private const int MaxDepth = 5;

    /// <summary>Returns the number of member rows removed.</summary>
    public static async Task<long> RunAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var unions = new List<long>();
        await using (var cmd = new NpgsqlCommand("select id from org.unions where name like @prefix order by level desc, id desc", conn))
        {
            cmd.Parameters.AddWithValue("prefix", ScratchUnions.Prefix + "%");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) unions.Add(r.GetInt64(0));
        }
        if (unions.Count == 0) return 0;

        long members;
        await using (var count = new NpgsqlCommand("select count(*) from members.members where union_id = any(@ids)", conn))
        {
            count.Parameters.AddWithValue("ids", unions.ToArray());
            members = Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var references = new Dictionary<string, List<Reference>>();
        foreach (var id in unions)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await DeleteAsync(conn, tx, references, "org.unions", "id = @id", id, 0, ct);
            await tx.CommitAsync(ct);
        }
        if (members > 0)
        {
            await using var vacuum = new NpgsqlCommand("vacuum (analyze) members.members", conn) { CommandTimeout = 1800 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        return members;
    }

    private sealed record Reference(string Table, string Column, string ReferencedColumn);

    private static async Task DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Dictionary<string, List<Reference>> cache,
        string table, string condition, long id, int depth, CancellationToken ct)
    {
        if (depth > MaxDepth) throw new InvalidOperationException($"foreign keys nest deeper than {MaxDepth} below {table}");
        if (!cache.TryGetValue(table, out var refs)) cache[table] = refs = await ReferencesAsync(conn, tx, table, ct);
        foreach (var r in refs.Where(r => r.Table != table))
        {
            await DeleteAsync(conn, tx, cache, r.Table, $"{Quote(r.Column)} in (select {Quote(r.ReferencedColumn)} from {table} where {condition})", id, depth + 1, ct);
        }
        await using var cmd = new NpgsqlCommand($"delete from {table} where {condition}", conn, tx) { CommandTimeout = 1800 };
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Single-column foreign keys pointing at <paramref name="table"/>.</summary>
    private static async Task<List<Reference>> ReferencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            select c.conrelid::regclass::text, a.attname, af.attname
            from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
            join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
            where c.contype = 'f' and c.confrelid = @table::regclass and array_length(c.conkey, 1) = 1
            order by 1, 2
            """, conn, tx);
        cmd.Parameters.AddWithValue("table", table);
        var list = new List<Reference>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new Reference(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
