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
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "UnionOne";
            builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
            builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<Replica.ReplicaState>();
        services.AddSingleton<Replica.LagTolerantReads>();
        services.AddHostedService<Replica.ReplicaMonitor>();
        services.AddSingleton<WorkLeases>();
        return services;
    }
}
