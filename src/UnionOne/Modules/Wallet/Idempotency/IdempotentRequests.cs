using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Wallet.Ledger;

namespace UnionOne.Modules.Wallet.Idempotency;

/// <summary>
/// Runs a money-moving use case at most once per Idempotency-Key: claim the key, do the work and record its outcome in ONE
/// transaction, so a crash leaves neither the money moved nor the key taken. A replay loads the first outcome again.
/// </summary>
internal sealed class IdempotentRequests(NpgsqlDataSource dataSource, IStringLocalizer<WalletText> l)
{
    public async Task<T> RunAsync<T>(IdempotencyKey key, string outcomeKind, Func<NpgsqlTransaction, Task<long>> work, Func<long, Task<T>> load, CancellationToken ct)
    {
        long outcomeId;
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var (state, previous) = await conn.QuerySingleAsync<(short State, long? OutcomeId)>(new CommandDefinition(
                "select state, outcome_id from wallet.claim_request(@scope, @key, @hash)", new { scope = key.Scope, key = key.Key, hash = key.RequestHash }, tx, cancellationToken: ct));
            switch ((ClaimState)state)
            {
                case ClaimState.Replay:
                    outcomeId = previous!.Value;
                    break;
                case ClaimState.New:
                    outcomeId = await work(tx);
                    await conn.ExecuteAsync(new CommandDefinition(
                        "insert into wallet.requests (scope, key, request_hash, outcome_kind, outcome_id) values (@scope, @key, @hash, @kind, @id)",
                        new { scope = key.Scope, key = key.Key, hash = key.RequestHash, kind = outcomeKind, id = outcomeId }, tx, cancellationToken: ct));
                    await tx.CommitAsync(ct);
                    break;
                default:
                    throw ClaimRefusals.For((ClaimState)state, l);
            }
        }
        catch (PostgresException e) when (LedgerErrors.Translate(e, l) is { } refusal)
        {
            throw refusal;
        }
        return await load(outcomeId);
    }
}
