using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using UnionOne.Platform.Database;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Faults;

/// <summary>The whole app in process on a fresh database in a PostgreSQL cluster of its own, which the test may kill.</summary>
public class OwnClusterApp : UnionOneApp
{
    private readonly OwnCluster cluster = new();

    internal OwnCluster Cluster => cluster;

    public override async Task InitializeAsync()
    {
        await cluster.StartAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "faults", MaxPoolSize = 40 }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await cluster.DisposeAsync();
    }
}
