using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnionOne.Platform.Database;

/// <summary>Healthy only when the database answers and every embedded migration has been applied.</summary>
internal sealed class DatabaseHealthCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrations.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("数据库正常，迁移已是最新")
                : HealthCheckResult.Unhealthy($"有 {pending.Count} 个迁移尚未执行");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("数据库无法连接", ex);
        }
    }
}
