using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnionOne.Platform.Database.Replica;

/// <summary>Degraded (still 200) while a configured replica is not read from: the primary serves those reads meanwhile.</summary>
internal sealed class ReplicaHealthCheck(ReplicaState replica) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(replica.DataSource is null ? HealthCheckResult.Healthy("未配置只读副本，读写均走主库")
            : replica.Usable ? HealthCheckResult.Healthy($"只读副本正常，延迟 {replica.LagSeconds ?? 0:0.0} 秒")
            : HealthCheckResult.Degraded("只读副本不可用或延迟过大，读请求改走主库"));
}
