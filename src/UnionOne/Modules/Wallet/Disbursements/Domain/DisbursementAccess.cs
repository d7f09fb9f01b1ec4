using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>
/// Who may do what with a disbursement, through the platform's staff gate: the permission on the disbursement's union (a
/// role there or above). Outside the caller's subtree a disbursement or union is "not found" (404); inside it without the
/// permission, 403.
/// </summary>
internal sealed class DisbursementAccess(StaffGate gate, NpgsqlDataSource dataSource, IStringLocalizer<WalletText> l)
{
    public Task<(StaffScope Scope, UnionSummary Union)> RequireUnionAsync(Permission permission, long unionId, CancellationToken ct) =>
        gate.RequireWithScopeAsync(permission, unionId, ct);

    /// <summary>The disbursement's union and the caller's scope when the permission holds there; else 404 / 403.</summary>
    public async Task<(StaffScope Scope, UnionSummary Union)> RequireAsync(long disbursementId, Permission permission, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from wallet.disbursements where id = @disbursementId", new { disbursementId }, cancellationToken: ct));
        return await RequireUnionOfAsync(unionId, permission, l["未找到该福利发放"], ct);
    }

    /// <summary>The upload's union and the caller's scope when the permission holds there; else 404 / 403.</summary>
    public async Task<(StaffScope Scope, UnionSummary Union)> RequireUploadAsync(long uploadId, Permission permission, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from wallet.disbursement_uploads where id = @uploadId", new { uploadId }, cancellationToken: ct));
        return await RequireUnionOfAsync(unionId, permission, l["未找到该上传名单"], ct);
    }

    /// <summary>The unions whose disbursements the caller may see (their subtrees), or one union's subtree (404 outside).</summary>
    public Task<SubtreeFilter> SubtreeAsync(long? unionId, CancellationToken ct) => gate.SubtreeAsync(Permission.Read, unionId, ct);

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);

    private async Task<(StaffScope Scope, UnionSummary Union)> RequireUnionOfAsync(long? unionId, Permission permission, string missing, CancellationToken ct)
    {
        if (unionId is null) throw new NotFoundException(missing);
        try
        {
            return await gate.RequireWithScopeAsync(permission, unionId.Value, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(missing);
        }
    }
}
