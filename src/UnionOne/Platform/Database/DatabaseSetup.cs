using Microsoft.Extensions.Options;
using Npgsql;

namespace UnionOne.Platform.Database;

internal static class DatabaseSetup
{
    public static IServiceCollection AddUnionOneDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure(o =>
            {
                var fromEnv = configuration["UNIONONE_DB"];
                if (!string.IsNullOrWhiteSpace(fromEnv)) o.ConnectionString = fromEnv;
                var replicaFromEnv = configuration["UNIONONE_DB_REPLICA"];
                if (!string.IsNullOrWhiteSpace(replicaFromEnv)) o.ReplicaConnectionString = replicaFromEnv;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return Build(options.ConnectionString, "UnionOne", options, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<Replica.ReplicaState>();
        services.AddSingleton<Replica.LagTolerantReads>();
        services.AddHostedService<Replica.ReplicaMonitor>();
        services.AddSingleton<WorkLeases>();
        return services;
    }

    /// <summary>A data source with the app's pool settings (pool size, auto-prepare, no reset on close).</summary>
    public static NpgsqlDataSource Build(string connectionString, string applicationName, DatabaseOptions options, ILoggerFactory loggers,
        Action<NpgsqlConnectionStringBuilder>? tune = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        tune?.Invoke(builder.ConnectionStringBuilder);
        builder.UseLoggerFactory(loggers);
        return builder.Build();
    }
}
