using Npgsql;

namespace UnionOne.Bench.Infrastructure;

/// <summary>The benchmark database (unionone_bench by default): created when missing, reused across runs.</summary>
internal static class BenchDatabase
{
    /// <summary>The connection string for <paramref name="database"/> on the same server as <paramref name="baseUrl"/>; creates it when missing.</summary>
    public static async Task<string> EnsureAsync(string baseUrl, string database, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(baseUrl) { Database = database };
        var admin = new NpgsqlConnectionStringBuilder(baseUrl) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", conn))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(ct) is not null) return target.ConnectionString;
        }
        await using (var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        return target.ConnectionString;
    }

    /// <summary>A data source set up like the app's (pooling, auto-prepare), for SQL baselines and set-up queries.</summary>
    public static NpgsqlDataSource Open(string connectionString, int maxPoolSize = 100)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName = "UnionOne.Bench";
        builder.ConnectionStringBuilder.MaxPoolSize = maxPoolSize;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.CommandTimeout = 600;
        return builder.Build();
    }

    /// <summary>Members in the registry (0 before migrations).</summary>
    public static async Task<long> CountMembersAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("select to_regclass('members.members') is not null", conn);
        if (await exists.ExecuteScalarAsync(ct) is not true) return 0;
        await using var count = new NpgsqlCommand("select count(*) from members.members", conn);
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> ServerVersionAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return conn.PostgreSqlVersion.ToString();
    }
}
