using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Rules;

/// <summary>One event kind's rule as a union sees it: its own setting (null: inherits) and what applies to its members.</summary>
internal sealed record RuleView(PointsEvent Kind, string Label, int? Own, int? Effective, long? EffectiveUnionId, string? EffectiveUnionName);

internal sealed record RuleRequest(int? Points);

/// <summary>The rule that applies to a union's members for one kind: the nearest union up the lineage with a rule.</summary>
internal sealed record EffectiveRule(long UnionId, int Points);

/// <summary>Earning rules per union (积分规则): staff set points per event kind; members earn by the nearest rule up their lineage.</summary>
internal sealed class RuleService(NpgsqlDataSource dataSource, IOrganisationDirectory directory, PointsStaff staff, IAuditLog audit, ICurrentUser user,
    IStringLocalizer<PointsText> l)
{
    public const int MaxPoints = 10_000;
    public const string AuditSet = "points.rule-set";
    public const string AuditCleared = "points.rule-cleared";

    public async Task<IReadOnlyList<RuleView>> ListAsync(long unionId, CancellationToken ct)
    {
        await staff.RequireReadAsync(unionId, ct);
        var lineage = await directory.LineageAsync(unionId, ct);
        var ids = lineage.Select(u => u.Id).ToArray();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rules = (await conn.QueryAsync<(long UnionId, short Kind, int Points)>(new CommandDefinition(
            "select union_id, kind, points from points.rules where union_id = any(@ids)", new { ids }, cancellationToken: ct))).ToList();
        return PointsLabels.RuleKinds.Select(kind =>
        {
            int? own = rules.FirstOrDefault(r => r.UnionId == unionId && r.Kind == (short)kind) is { UnionId: > 0 } o ? o.Points : null;
            var effective = Nearest(lineage, rules.Where(r => r.Kind == (short)kind).Select(r => (r.UnionId, r.Points)));
            var from = effective is null ? null : lineage.First(u => u.Id == effective.UnionId);
            return new RuleView(kind, l[PointsLabels.Event(kind)], own, effective?.Points, from?.Id, from?.Name);
        }).ToList();
    }

    public async Task<IReadOnlyList<RuleView>> SetAsync(long unionId, PointsEvent kind, RuleRequest request, CancellationToken ct)
    {
        RequireRuleKind(kind);
        if (request.Points is not { } points || points < 0 || points > MaxPoints)
            throw new InputValidationException("points", l["积分须为0至{0}的整数（0表示本工会该项不奖励积分）", MaxPoints]);
        var (_, union) = await staff.RequireAsync(unionId, PointsStaff.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into points.rules (union_id, kind, points, updated_by) values (@unionId, @kind, @points, @staff)
            on conflict (union_id, kind) do update set points = excluded.points, updated_by = excluded.updated_by, updated_at = now()
            """, new { unionId, kind = (short)kind, points, staff = user.StaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditSet, "union", unionId.ToString(CultureInfo.InvariantCulture), union.Id, new { kind = (short)kind, points }), tx, ct);
        await tx.CommitAsync(ct);
        return await ListAsync(unionId, ct);
    }

    /// <summary>Removes the union's own rule: its members then earn by the nearest rule above.</summary>
    public async Task<IReadOnlyList<RuleView>> ClearAsync(long unionId, PointsEvent kind, CancellationToken ct)
    {
        RequireRuleKind(kind);
        var (_, union) = await staff.RequireAsync(unionId, PointsStaff.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var removed = await conn.ExecuteAsync(new CommandDefinition("delete from points.rules where union_id = @unionId and kind = @kind",
            new { unionId, kind = (short)kind }, tx, cancellationToken: ct));
        if (removed > 0)
            await audit.WriteAsync(new AuditEntry(AuditCleared, "union", unionId.ToString(CultureInfo.InvariantCulture), union.Id, new { kind = (short)kind }), tx, ct);
        await tx.CommitAsync(ct);
        return await ListAsync(unionId, ct);
    }

    internal static EffectiveRule? Nearest(IReadOnlyList<UnionSummary> lineage, IEnumerable<(long UnionId, int Points)> rules)
    {
        var byUnion = rules.ToDictionary(r => r.UnionId, r => r.Points);
        for (var i = lineage.Count - 1; i >= 0; i--)
            if (byUnion.TryGetValue(lineage[i].Id, out var points)) return new EffectiveRule(lineage[i].Id, points);
        return null;
    }

    private void RequireRuleKind(PointsEvent kind)
    {
        if (!PointsLabels.RuleKinds.Contains(kind)) throw new NotFoundException(l["没有这一类积分规则"]);
    }
}

/// <summary>The rule that applies to a union's members (the awarder's look-up; no staff check).</summary>
internal sealed class AwardRules(IOrganisationDirectory directory)
{
    /// <summary>The rule for <paramref name="kind"/> that applies to members of <paramref name="unionId"/>, or null.</summary>
    public async Task<EffectiveRule?> EffectiveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long unionId, PointsEvent kind, CancellationToken ct)
    {
        var lineage = await directory.LineageAsync(unionId, ct);
        if (lineage.Count == 0) return null;
        var rules = await conn.QueryAsync<(long UnionId, int Points)>(new CommandDefinition(
            "select union_id, points from points.rules where kind = @kind and union_id = any(@ids)",
            new { kind = (short)kind, ids = lineage.Select(u => u.Id).ToArray() }, tx, cancellationToken: ct));
        return RuleService.Nearest(lineage, rules);
    }
}
