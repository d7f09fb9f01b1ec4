using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.MemberCode.Suspensions;

public sealed record SuspendRequest(string? Reason);

public sealed record SuspensionState(long MemberId, bool Suspended, string? Reason, DateTime? SuspendedAt);

/// <summary>Staff of the member's union subtree suspend a member's code (lost phone, misuse) and lift the suspension.</summary>
internal sealed class CodeSuspensions(
    NpgsqlDataSource dataSource,
    IMemberDirectory members,
    StaffGate gate,
    RevocationCache revocations,
    IAuditLog audit,
    IStringLocalizer<MemberCodeText> l)
{
    public const string AuditSuspended = "member-code.suspended";
    public const string AuditLifted = "member-code.lifted";

    public async Task<SuspensionState> SuspendAsync(long memberId, SuspendRequest request, CancellationToken ct)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is < 2 or > 200) throw new InputValidationException("reason", l["请填写暂停原因（2至200字）"]);
        var (member, staffId) = await RequireAsync(memberId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var inserted = await conn.ExecuteAsync(new CommandDefinition("""
            insert into member_code.suspensions (member_id, reason, suspended_by) values (@memberId, @reason, @staffId)
            on conflict (member_id) where lifted_at is null do nothing
            """, new { memberId, reason, staffId }, tx, cancellationToken: ct));
        if (inserted == 0) throw new BusinessRuleException(l["该会员的会员码已处于暂停状态"]);
        await audit.WriteAsync(new AuditEntry(AuditSuspended, "member", memberId.ToString(System.Globalization.CultureInfo.InvariantCulture), member.UnionId, new { reason }), tx, ct);
        await tx.CommitAsync(ct);
        await revocations.RefreshAsync(ct);
        return await StateAsync(memberId, ct);
    }

    public async Task<SuspensionState> LiftAsync(long memberId, CancellationToken ct)
    {
        var (member, staffId) = await RequireAsync(memberId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var lifted = await conn.ExecuteAsync(new CommandDefinition(
            "update member_code.suspensions set lifted_at = clock_timestamp(), lifted_by = @staffId where member_id = @memberId and lifted_at is null",
            new { memberId, staffId }, tx, cancellationToken: ct));
        if (lifted == 0) throw new BusinessRuleException(l["该会员的会员码未被暂停"]);
        await audit.WriteAsync(new AuditEntry(AuditLifted, "member", memberId.ToString(System.Globalization.CultureInfo.InvariantCulture), member.UnionId), tx, ct);
        await tx.CommitAsync(ct);
        await revocations.RefreshAsync(ct);
        return await StateAsync(memberId, ct);
    }

    public async Task<SuspensionState> GetAsync(long memberId, CancellationToken ct)
    {
        await RequireAsync(memberId, ct, Permission.Read);
        return await StateAsync(memberId, ct);
    }

    private async Task<(MemberRef Member, long StaffId)> RequireAsync(long memberId, CancellationToken ct, Permission permission = Permission.ManageMembers)
    {
        var member = await members.FindAsync(memberId, ct) ?? throw new NotFoundException(l["未找到该会员"]);
        var (scope, _) = await gate.RequireWithScopeAsync(permission, member.UnionId, ct);
        return (member, scope.StaffId);
    }

    private async Task<SuspensionState> StateAsync(long memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(string Reason, DateTime SuspendedAt)?>(new CommandDefinition(
            "select reason, suspended_at from member_code.suspensions where member_id = @memberId and lifted_at is null", new { memberId }, cancellationToken: ct));
        return new SuspensionState(memberId, row is not null, row?.Reason, row?.SuspendedAt);
    }
}
