using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using UnionOne.Platform.Database;

namespace UnionOne.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for tests. `make test` starts the project's cluster and sets UNIONONE_TEST_DB to an admin
/// connection string. The schema is migrated once into a template database named after the migrations' checksum;
/// each test class gets its own database cloned from it (CREATE DATABASE … TEMPLATE), so tests never share state.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? templateName;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("UNIONONE_TEST_DB")
        ?? throw new InvalidOperationException("UNIONONE_TEST_DB is not set: run the tests with `make test` (it starts PostgreSQL).");

    /// <summary>Creates a fresh, fully migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        var template = await EnsureTemplateAsync();
        var name = $"uo_t_{Sanitize(purpose)}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            // CREATE/DROP DATABASE wait for a checkpoint: on a busy shared cluster that can take longer than the default 30 s.
            await using var cmd = new NpgsqlCommand($"create database \"{name}\" template \"{template}\"", admin) { CommandTimeout = 300 };
            await cmd.ExecuteNonQueryAsync();
        }
        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", admin) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync();
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 30, IncludeErrorDetail = true }.ConnectionString;

    private static async Task<string> EnsureTemplateAsync()
    {
        if (templateName is not null) return templateName;
        await TemplateLock.WaitAsync();
        try
        {
            if (templateName is not null) return templateName;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", Migration.Embedded.Select(m => m.Id + m.Checksum)))))[..16];
            var name = $"uo_template_{hash}";
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            // Another test process may be building the same template: serialise on an advisory lock.
            await using (var lockCmd = new NpgsqlCommand("select pg_advisory_lock(4242424242)", admin)) await lockCmd.ExecuteNonQueryAsync();
            try
            {
                await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = $1", admin);
                exists.Parameters.AddWithValue(name);
                if ((long)(await exists.ExecuteScalarAsync())! == 0)
                {
                    var building = name + "_build";
                    await Exec(admin, $"drop database if exists \"{building}\" with (force)");
                    await Exec(admin, $"create database \"{building}\"");
                    var dataSource = NpgsqlDataSource.Create(ConnectionStringFor(building));
                    await using (dataSource)
                    {
                        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
                    }
                    NpgsqlConnection.ClearAllPools();
                    await Exec(admin, $"alter database \"{building}\" rename to \"{name}\"");
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(4242424242)", admin);
                await unlock.ExecuteNonQueryAsync();
            }
            templateName = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Sanitize(string s) => new string(s.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } v ? v[..Math.Min(v.Length, 16)] : "x";
}
