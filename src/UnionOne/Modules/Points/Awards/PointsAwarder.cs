using Dapper;
using Npgsql;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Points.Rules;
using UnionOne.Modules.Wallet.Contracts;

namespace UnionOne.Modules.Points.Awards;

/// <summary>
/// <see cref="IPointsAwarder"/>: finds the nearest rule up the member's lineage, posts the points from that union's
/// points-issued account to the member's points account and records the award, all in one transaction. The ledger key and
/// the awards' unique (kind, reference, member) make a retried or concurrent duplicate award nothing twice.
/// </summary>
internal sealed class PointsAwarder(NpgsqlDataSource dataSource, AwardRules rules, ILedger ledger) : IPointsAwarder
{
    public const int MaxReferenceLength = 120;

    public async Task<long?> AwardAsync(long memberId, long unionId, PointsEvent kind, string reference, CancellationToken ct)
    {
        Check(kind, reference);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var points = await AwardCoreAsync(conn, tx, memberId, unionId, kind, reference, ct);
        await tx.CommitAsync(ct);
        return points;
    }

    public async Task<long?> AwardAsync(long memberId, long unionId, PointsEvent kind, string reference, NpgsqlTransaction transaction, CancellationToken ct)
    {
        Check(kind, reference);
        return await AwardCoreAsync(transaction.Connection!, transaction, memberId, unionId, kind, reference, ct);
    }

    /// <summary>The ledger key of an award: one transfer per (kind, member, reference), ever.</summary>
    public static string LedgerKey(PointsEvent kind, long memberId, string reference) => $"points:award:{(short)kind}:{memberId}:{reference}";

    private async Task<long?> AwardCoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long memberId, long unionId, PointsEvent kind, string reference, CancellationToken ct)
    {
        var earlier = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select points from points.awards where kind = @kind and reference = @reference and member_id = @memberId",
            new { kind = (short)kind, reference, memberId }, tx, cancellationToken: ct));
        if (earlier is not null) return earlier;

        var rule = await rules.EffectiveAsync(conn, tx, unionId, kind, ct);
        if (rule is not { Points: > 0 }) return null;

        // A concurrent twin waits on the ledger key until this commits, then replays the same transfer and finds the award.
        var transfer = await ledger.TransferAsync(new LedgerTransfer(LedgerKey(kind, memberId, reference), TransferKind.PointsAward,
            new AccountRef(AccountKind.UnionPointsIssued, rule.UnionId), AccountRef.Points(memberId), rule.Points, reference, PointsLabels.Event(kind)), tx, ct);
        var inserted = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into points.awards (member_id, union_id, issuer_id, kind, reference, points, transfer_id)
            values (@memberId, @unionId, @issuer, @kind, @reference, @points, @transferId)
            on conflict (kind, reference, member_id) do nothing
            returning points
            """, new { memberId, unionId, issuer = rule.UnionId, kind = (short)kind, reference, points = (long)rule.Points, transferId = transfer.TransferId }, tx, cancellationToken: ct));
        return inserted ?? await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select points from points.awards where kind = @kind and reference = @reference and member_id = @memberId",
            new { kind = (short)kind, reference, memberId }, tx, cancellationToken: ct));
    }

    private static void Check(PointsEvent kind, string reference)
    {
        if (!PointsLabels.RuleKinds.Contains(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only rule-based events are awarded through IPointsAwarder.");
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > MaxReferenceLength)
            throw new ArgumentException($"The reference must be 1-{MaxReferenceLength} characters.", nameof(reference));
    }
}
