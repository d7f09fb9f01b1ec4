namespace UnionOne.Platform.Database;

/// <summary>Migrates the schema before the server accepts requests; then runs the start-up seeders in order.</summary>
internal sealed class DatabaseStartup(MigrationRunner migrations, IEnumerable<IStartupSeeder> seeders, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Database:MigrateOnStart", true)) await migrations.MigrateAsync(cancellationToken);
        foreach (var seeder in seeders) await seeder.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Work done once at start-up after migrations (e.g. demo data on first start). Must be idempotent.</summary>
internal interface IStartupSeeder
{
    Task SeedAsync(CancellationToken ct);
}
