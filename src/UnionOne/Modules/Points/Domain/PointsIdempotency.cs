using Microsoft.Extensions.Localization;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Domain;

/// <summary>
/// Runs a points-moving request at most once per Idempotency-Key through the wallet's <see cref="IdempotentRequests"/> (the key,
/// the work and its outcome commit in one transaction); its refusals are re-worded in the Points module's texts.
/// </summary>
internal sealed class PointsIdempotency(IdempotentRequests requests, IStringLocalizer<PointsText> l)
{
    public IdempotencyKey Key(string? key, string scope, params object?[] request) => IdempotencyKey.Create(key, scope, l, request);

    public async Task<T> RunAsync<T>(IdempotencyKey key, string outcomeKind, Func<Npgsql.NpgsqlTransaction, Task<long>> work, Func<long, Task<T>> load, CancellationToken ct)
    {
        try
        {
            return await requests.RunAsync(key, outcomeKind, work, load, ct);
        }
        catch (BusinessRuleException e) when (e.Code == "idempotency-key-mismatch")
        {
            throw new BusinessRuleException(l["该幂等键已用于另一笔不同的请求"], e.Code);
        }
        catch (BusinessRuleException e) when (e.Code == "idempotency-key-busy")
        {
            throw new BusinessRuleException(l["相同幂等键的请求正在处理中，请稍后重试"], e.Code);
        }
    }
}
