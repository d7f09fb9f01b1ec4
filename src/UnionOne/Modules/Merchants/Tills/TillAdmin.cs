using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Tills;

public sealed record RegisterTillRequest(string? Name);

/// <summary>The credential is shown once, at registration; only the SHA-256 of its secret is kept.</summary>
public sealed record RegisteredTill(long Id, long MerchantId, string Name, string Credential);

public sealed record TillView(long Id, long MerchantId, string Name, bool Active, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>Staff register tills (收银设备) for active merchants of their subtree and revoke lost ones.</summary>
internal sealed class TillAdmin(NpgsqlDataSource dataSource, MerchantWrites writes, TillRegistry registry, IAuditLog audit, IStringLocalizer<MerchantsText> l)
{
    public const string AuditRegistered = "till.registered";
    public const string AuditRevoked = "till.revoked";

    public async Task<RegisteredTill> RegisterAsync(long merchantId, RegisterTillRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        var name = MerchantInput.Text(request.Name, 2, 60, "name", l["请填写收银设备名称（2至60个字）"], errors, l);
        errors.ThrowIfAny();
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Only for a merchant that is active now (checked in the same statement, so a concurrent suspension cannot slip in between).
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into merchants.tills (merchant_id, name, secret_hash, created_by)
            select id, @name, @hash, @staff from merchants.merchants where id = @merchantId and status = 5
            returning id
            """, new { merchantId, name, hash = TillRegistry.HashSecret(secret), staff = scope.StaffId }, tx, cancellationToken: ct));
        if (id is null) throw new BusinessRuleException(l["只能为已上线的商户登记收银设备"]);
        await audit.WriteAsync(new AuditEntry(AuditRegistered, "till", MerchantWrites.Id(id.Value), merchant.UnionId, new { merchantId, name }), tx, ct);
        await tx.CommitAsync(ct);
        return new RegisteredTill(id.Value, merchantId, name!, $"{MerchantWrites.Id(id.Value)}.{secret}");
    }

    public async Task RevokeAsync(long tillId, CancellationToken ct)
    {
        long? merchantId;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            merchantId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select merchant_id from merchants.tills where id = @tillId", new { tillId }, cancellationToken: ct));
        }
        if (merchantId is null) throw new NotFoundException(l["未找到该收银设备"]);
        var (merchant, scope, _) = await writes.RequireAsync(merchantId.Value, Permission.ManageMerchants, ct);
        await using var write = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await write.BeginTransactionAsync(ct);
        var changed = await write.ExecuteAsync(new CommandDefinition(
            "update merchants.tills set status = 2, revoked_at = now(), revoked_by = @staff where id = @tillId and status = 1",
            new { tillId, staff = scope.StaffId }, tx, cancellationToken: ct));
        if (changed == 0) throw new BusinessRuleException(l["该收银设备已停用"]);
        await audit.WriteAsync(new AuditEntry(AuditRevoked, "till", MerchantWrites.Id(tillId), merchant.UnionId, new { merchantId }), tx, ct);
        await tx.CommitAsync(ct);
        registry.Forget(tillId);
    }

    public async Task<IReadOnlyList<TillView>> ListAsync(long merchantId, CancellationToken ct)
    {
        await writes.RequireAsync(merchantId, Permission.Read, ct);
        return await ListUncheckedAsync(merchantId, ct);
    }

    /// <summary>Tills of a merchant whose access the caller has already checked.</summary>
    public async Task<IReadOnlyList<TillView>> ListUncheckedAsync(long merchantId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            "select id, merchant_id as MerchantId, name, status, created_at as CreatedAt, revoked_at as RevokedAt from merchants.tills where merchant_id = @merchantId order by status, id",
            new { merchantId }, cancellationToken: ct));
        return rows.Select(r => new TillView(r.Id, r.MerchantId, r.Name, r.Status == 1, r.CreatedAt, r.RevokedAt)).ToList();
    }

    private sealed record Row(long Id, long MerchantId, string Name, short Status, DateTime CreatedAt, DateTime? RevokedAt);
}
