using Npgsql;

namespace UnionOne.Platform.Database;

/// <summary>
/// Applies embedded migrations in order, each in its own transaction, under a cluster-wide advisory lock
/// so that two instances starting together never both migrate.
/// </summary>
internal sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    // "UnionOne" in ASCII, as the advisory lock key.
    private const long LockKey = 0x556E696F6E4F6E65;

    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(Migration.Embedded, ct);

    public async Task MigrateAsync(IReadOnlyList<Migration> migrationsInOrder, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(conn, null, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            await ExecuteAsync(conn, null, """
                create schema if not exists platform;
                create table if not exists platform.schema_migrations (
                    id text primary key,
                    checksum text not null,
                    applied_at timestamptz not null default now());
                """, ct);
            var applied = await AppliedAsync(conn, ct);
            foreach (var migration in migrationsInOrder)
            {
                if (applied.TryGetValue(migration.Id, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new InvalidOperationException($"Migration {migration.Id} was changed after it was applied; add a new migration instead.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecuteAsync(conn, tx, migration.Sql, ct);
                await using (var record = new NpgsqlCommand("insert into platform.schema_migrations (id, checksum) values ($1, $2)", conn, tx))
                {
                    record.Parameters.AddWithValue(migration.Id);
                    record.Parameters.AddWithValue(migration.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", migration.Id);
            }
        }
        finally
        {
            await ExecuteAsync(conn, null, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>Ids of embedded migrations not yet applied (empty when the schema is current).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("select to_regclass('platform.schema_migrations') is not null", conn);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return Migration.Embedded.Select(m => m.Id).ToList();
        var applied = await AppliedAsync(conn, ct);
        return Migration.Embedded.Where(m => !applied.ContainsKey(m.Id)).Select(m => m.Id).ToList();
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("select id, checksum from platform.schema_migrations", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetString(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
