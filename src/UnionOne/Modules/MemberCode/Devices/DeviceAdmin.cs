using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.MemberCode.Devices;

public sealed record RegisterDeviceRequest(string? Name, long? PlaceId, string? Direction);

/// <summary>The credential is shown once, at registration; only its hash is kept.</summary>
public sealed record RegisteredDevice(long Id, string Name, long PlaceId, string Direction, string Credential);

public sealed record DeviceListItem(long Id, string Name, long PlaceId, string PlaceName, long UnionId, string Direction, string Status,
    DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastSeenAt);

/// <summary>Staff register gate devices at places of their subtree and revoke lost or stolen ones.</summary>
internal sealed class DeviceAdmin(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    IPlaceDirectory places,
    DeviceRegistry registry,
    IAuditLog audit,
    IStringLocalizer<MemberCodeText> l)
{
    public const string AuditRegistered = "device.registered";
    public const string AuditRevoked = "device.revoked";

    public async Task<RegisteredDevice> RegisterAsync(RegisterDeviceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 60) errors["name"] = [l["设备名称应为2至60个字"]];
        else if (name.Any(c => c is '<' or '>' || char.IsControl(c))) errors["name"] = [l["设备名称不能包含尖括号或控制字符"]];
        var direction = ParseDirection(request.Direction);
        if (direction is null) errors["direction"] = [l["方向只能是 in（入口）或 out（出口）"]];
        if (request.PlaceId is null) errors["placeId"] = [l["请选择设备所在场所"]];
        if (errors.Count > 0) throw new InputValidationException(errors);

        var place = await places.FindAsync(request.PlaceId!.Value, ct) ?? throw new NotFoundException(l["未找到该场所"]);
        var (scope, union) = await gate.RequireWithScopeAsync(Permission.ManagePlaces, place.UnionId, ct);
        if (place.Status == PlaceStatus.Closed) throw new BusinessRuleException(l["场所已关闭，不能登记设备"]);

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into member_code.devices (name, place_id, union_id, direction, secret_hash, created_by)
            values (@name, @placeId, @unionId, @direction, @hash, @staff) returning id
            """, new { name, placeId = place.Id, unionId = union.Id, direction = (short)direction!.Value, hash = DeviceRegistry.HashSecret(secret), staff = scope.StaffId },
            tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditRegistered, "device", Id(id), union.Id, new { name, placeId = place.Id }), tx, ct);
        await tx.CommitAsync(ct);
        return new RegisteredDevice(id, name, place.Id, DirectionName(direction.Value), $"{Id(id)}.{secret}");
    }

    public async Task RevokeAsync(long deviceId, CancellationToken ct)
    {
        var device = await FindRowAsync(deviceId, ct) ?? throw new NotFoundException(l["未找到该设备"]);
        var (scope, _) = await gate.RequireWithScopeAsync(Permission.ManagePlaces, device.UnionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "update member_code.devices set status = 2, revoked_at = now(), revoked_by = @staff where id = @deviceId and status = 1",
            new { deviceId, staff = scope.StaffId }, tx, cancellationToken: ct));
        if (changed == 0) throw new BusinessRuleException(l["该设备已停用"]);
        await audit.WriteAsync(new AuditEntry(AuditRevoked, "device", Id(deviceId), device.UnionId), tx, ct);
        await tx.CommitAsync(ct);
        registry.Forget(deviceId);
    }

    public async Task<IReadOnlyList<DeviceListItem>> ListAsync(long? unionId, CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, unionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ListRow>(new CommandDefinition("""
            select id, name, place_id as PlaceId, union_id as UnionId, direction, status, created_at as CreatedAt, revoked_at as RevokedAt, last_seen_at as LastSeenAt
            from member_code.devices where (@all or union_id = any(@unionIds)) order by status, id desc limit 500
            """, new { all = subtree.All, unionIds = subtree.UnionIds.ToArray() }, cancellationToken: ct));
        // Many devices stand at one place: look each place up once.
        var placeNames = new Dictionary<long, string>();
        foreach (var placeId in rows.Select(r => r.PlaceId).Distinct())
            placeNames[placeId] = (await places.FindAsync(placeId, ct))?.Name ?? "";
        var result = new List<DeviceListItem>();
        foreach (var r in rows)
        {
            result.Add(new DeviceListItem(r.Id, r.Name, r.PlaceId, placeNames[r.PlaceId], r.UnionId, DirectionName((Places.Contracts.AccessDirection)r.Direction),
                r.Status == 1 ? "active" : "revoked", r.CreatedAt, r.RevokedAt, r.LastSeenAt));
        }
        return result;
    }

    private async Task<ListRow?> FindRowAsync(long deviceId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ListRow>(new CommandDefinition("""
            select id, name, place_id as PlaceId, union_id as UnionId, direction, status, created_at as CreatedAt, revoked_at as RevokedAt, last_seen_at as LastSeenAt
            from member_code.devices where id = @deviceId
            """, new { deviceId }, cancellationToken: ct));
    }

    public static AccessDirection? ParseDirection(string? value) => (value?.Trim().ToLowerInvariant()) switch
    {
        null or "" or "in" or "入口" => AccessDirection.In,
        "out" or "出口" => AccessDirection.Out,
        _ => null,
    };

    public static string DirectionName(AccessDirection direction) => direction == AccessDirection.Out ? "out" : "in";

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record ListRow(long Id, string Name, long PlaceId, long UnionId, short Direction, short Status, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastSeenAt);
}
