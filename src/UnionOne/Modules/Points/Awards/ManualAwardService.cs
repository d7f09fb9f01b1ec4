using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Awards;

/// <summary>A manual award as staff enter it: the member by member number, the points and why; optionally in whose name.</summary>
internal sealed record ManualAwardRequest(string? MemberNo, long? Points, string? Reason, long? UnionId = null);

internal sealed record AwardView(long Id, long MemberId, string MemberNo, string MemberName, long IssuerId, string IssuerName, PointsEvent Kind, string KindLabel,
    long Points, string? Reason, DateTime CreatedAt);

/// <summary>
/// 手动奖励: staff with ManageMembers or ManageMoney award points to a member of their subtree, with a reason, in the name of
/// one of their unions above the member (by default the union their role is on). Idempotent per Idempotency-Key; audited.
/// </summary>
internal sealed class ManualAwardService(
    NpgsqlDataSource dataSource, PointsStaff staff, IMemberDirectory members, IOrganisationDirectory directory, ILedger ledger,
    PointsIdempotency idempotency, IAuditLog audit, IStringLocalizer<PointsText> l)
{
    public const long MaxPoints = 100_000;
    public const string AuditAwarded = "points.manual-award";

    public async Task<AwardView> AwardAsync(ManualAwardRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var memberNo = (request.MemberNo ?? "").Trim();
        if (memberNo.Length == 0) errors["memberNo"] = [l["请填写会员编号"]];
        if (request.Points is not { } points || points < 1 || points > MaxPoints) errors["points"] = [l["奖励积分须为1至{0}的整数", MaxPoints]];
        var reason = (request.Reason ?? "").Trim();
        if (reason.Length is < 2 or > 100) errors["reason"] = [l["请填写奖励原因（2-100字）"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var scope = await staff.ScopeAsync(ct);
        var member = await members.FindByMemberNoAsync(memberNo, ct);
        var memberUnion = member is null ? null : await directory.FindAsync(member.UnionId, ct);
        if (member is null || memberUnion is null || !scope.Grants.Any(g => memberUnion.IsWithin(g.UnionPath)))
            throw new InputValidationException("memberNo", l["未找到该会员（仅限本辖区会员）"]);
        if (member.Status != MemberStatus.Active) throw new BusinessRuleException(l["只有在会会员可以获得积分"], "not-active");

        var lineage = await directory.LineageAsync(member.UnionId, ct);
        UnionSummary issuer;
        if (request.UnionId is { } unionId)
        {
            (_, issuer) = await staff.RequireAsync(unionId, PointsStaff.Manage, ct);
            if (!lineage.Any(u => u.Id == issuer.Id)) throw new InputValidationException("unionId", l["该会员不属于所选工会"]);
        }
        else
        {
            // The union the staff member holds the role on (the nearest such above the member).
            issuer = lineage.LastOrDefault(u => scope.Grants.Any(g => g.UnionId == u.Id && PointsStaff.Manage.Any(p => StaffScope.RoleAllows(g.Role, p))))
                ?? throw new ForbiddenException(l["您的角色无权执行此操作"]);
        }

        var amount = request.Points!.Value;
        var key = idempotency.Key(idempotencyKey, $"points-award:{scope.StaffId}", member.Id, amount, reason, issuer.Id);
        return await idempotency.RunAsync(key, "points-award", async tx =>
        {
            var reference = $"manual:{scope.StaffId}:{key.Key}";
            var transfer = await ledger.TransferAsync(new LedgerTransfer(PointsAwarder.LedgerKey(PointsEvent.Manual, member.Id, reference), TransferKind.PointsAward,
                new AccountRef(AccountKind.UnionPointsIssued, issuer.Id), AccountRef.Points(member.Id), amount, reference, reason, scope.StaffId), tx, ct);
            var id = await tx.Connection!.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into points.awards (member_id, union_id, issuer_id, kind, reference, points, reason, staff_id, transfer_id)
                values (@memberId, @unionId, @issuer, 4, @reference, @amount, @reason, @staffId, @transferId)
                returning id
                """, new { memberId = member.Id, unionId = member.UnionId, issuer = issuer.Id, reference, amount, reason, staffId = scope.StaffId, transferId = transfer.TransferId },
                tx, cancellationToken: ct));
            await audit.WriteAsync(new AuditEntry(AuditAwarded, "member", member.Id.ToString(CultureInfo.InvariantCulture), issuer.Id,
                new { awardId = id, points = amount, reason }), tx, ct);
            return id;
        }, id => LoadAsync(id, ct), ct);
    }

    /// <summary>Recent awards in the name of unions of the staff member's subtree (newest first).</summary>
    public async Task<IReadOnlyList<AwardView>> RecentAsync(long unionId, int take, CancellationToken ct)
    {
        await staff.RequireReadAsync(unionId, ct);
        var subtree = await directory.SubtreeAsync([unionId], ct);
        List<AwardRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            rows = (await conn.QueryAsync<AwardRow>(new CommandDefinition(
                $"select {AwardColumns} from points.awards where issuer_id = any(@unions) order by id desc limit @take",
                new { unions = subtree.UnionIds.ToArray(), take = Math.Clamp(take, 1, 200) }, cancellationToken: ct))).AsList();
        var people = await members.FindManyAsync(rows.Select(r => r.MemberId).Distinct().ToList(), ct);
        var result = new List<AwardView>(rows.Count);
        foreach (var row in rows) result.Add(await ViewAsync(row, people.GetValueOrDefault(row.MemberId), ct));
        return result;
    }

    private const string AwardColumns = "id, member_id as MemberId, issuer_id as IssuerId, kind, points, reason, created_at as CreatedAt";

    private sealed record AwardRow(long Id, long MemberId, long IssuerId, short Kind, long Points, string? Reason, DateTime CreatedAt);

    private async Task<AwardView> LoadAsync(long id, CancellationToken ct)
    {
        AwardRow row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            row = await conn.QuerySingleAsync<AwardRow>(new CommandDefinition($"select {AwardColumns} from points.awards where id = @id", new { id }, cancellationToken: ct));
        return await ViewAsync(row, await members.FindAsync(row.MemberId, ct), ct);
    }

    private async Task<AwardView> ViewAsync(AwardRow row, MemberRef? member, CancellationToken ct)
    {
        var issuer = await directory.FindAsync(row.IssuerId, ct);
        var kind = (PointsEvent)row.Kind;
        return new AwardView(row.Id, row.MemberId, member?.MemberNo ?? "", member?.Name ?? "", row.IssuerId, issuer?.Name ?? "", kind, l[PointsLabels.Event(kind)],
            row.Points, row.Reason, row.CreatedAt);
    }
}
