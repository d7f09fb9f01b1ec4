using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using UnionOne.Platform.Database;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task Two_instances_migrating_at_once_apply_each_migration_exactly_once()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString);
        var name = $"uo_t_mig_{Guid.NewGuid():N}"[..30];
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"create database \"{name}\"");
        }
        var cs = TestDatabase.ConnectionStringFor(name);
        try
        {
            await using var a = NpgsqlDataSource.Create(cs);
            await using var b = NpgsqlDataSource.Create(cs);
            await Task.WhenAll(
                new MigrationRunner(a, NullLogger<MigrationRunner>.Instance).MigrateAsync(),
                new MigrationRunner(b, NullLogger<MigrationRunner>.Instance).MigrateAsync());
            await using var check = new NpgsqlConnection(cs);
            var applied = await check.QueryAsync<string>("select id from platform.schema_migrations order by id");
            applied.ShouldBe(Migration.Embedded.Select(m => m.Id));
        }
        finally
        {
            await TestDatabase.DropAsync(cs);
        }
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_schema_as_it_was_and_is_not_recorded()
    {
        var cs = await TestDatabase.CreateAsync("migfail");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(cs);
            var bad = new Migration("29991231_0001_half_done", "create table org.half_done (id int); select 1/0;", "x");
            var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
            var ex = await Should.ThrowAsync<PostgresException>(() => runner.MigrateAsync([.. Migration.Embedded, bad]));
            ex.SqlState.ShouldBe("22012");

            await using var conn = await dataSource.OpenConnectionAsync();
            (await conn.ExecuteScalarAsync<bool>("select to_regclass('org.half_done') is not null")).ShouldBeFalse();
            (await conn.ExecuteScalarAsync<long>("select count(*) from platform.schema_migrations where id = '29991231_0001_half_done'")).ShouldBe(0);
            // The advisory lock was released: a later run proceeds.
            await runner.MigrateAsync();
        }
        finally
        {
            await TestDatabase.DropAsync(cs);
        }
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_is_refused()
    {
        var cs = await TestDatabase.CreateAsync("migedit");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(cs);
            var first = Migration.Embedded[0];
            var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
            await Should.ThrowAsync<InvalidOperationException>(() => runner.MigrateAsync([first with { Checksum = "edited" }]));
        }
        finally
        {
            await TestDatabase.DropAsync(cs);
        }
    }

    [Fact]
    public void Migrations_are_ordered_and_uniquely_named()
    {
        var ids = Migration.Embedded.Select(m => m.Id).ToList();
        ids.ShouldNotBeEmpty();
        ids.ShouldBe(ids.OrderBy(i => i, StringComparer.Ordinal));
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldAllBe(i => System.Text.RegularExpressions.Regex.IsMatch(i, @"^\d{8}_\d{4}_[a-z0-9_]+$"));
    }
}
