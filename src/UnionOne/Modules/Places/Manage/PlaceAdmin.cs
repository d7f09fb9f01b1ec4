using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Manage;

/// <summary>
/// Creating, editing and closing places by staff of the owning union's subtree (404 outside it, 403 for a viewer).
/// Bad input changes nothing: every change is validated first and written in one transaction with its audit entry.
/// </summary>
internal sealed class PlaceAdmin(NpgsqlDataSource dataSource, StaffGate gate, IOrganisationDirectory unions, IAuditLog audit, IStringLocalizer<PlacesText> l)
{
    public const string AuditCreated = "place.created";
    public const string AuditUpdated = "place.updated";
    public const string AuditStatus = "place.status-changed";

    public async Task<long> CreateAsync(PlaceInput input, CancellationToken ct)
    {
        if (input.UnionId > 0) await gate.RequireAsync(PlacePermissions.Manage, input.UnionId, ct);
        var place = await ValidateAsync(input, null, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"""
            insert into places.places (union_id, kind, parent_place_id, name, address, latitude, longitude, open_24h, opening_hours, facilities,
                capacity, admits, contact_phone, has_sign, has_layout, has_facilities, has_functions, has_rules, on_map, scans_exits, typical_stay_minutes)
            values ({Values})
            returning id
            """, Parameters(place), tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditCreated, "place", Id(id), place.UnionId, new { place.Name, Kind = place.Kind.ToString() }), tx, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task UpdateAsync(long id, PlaceInput input, CancellationToken ct)
    {
        var current = await RequirePlaceAsync(id, PlacePermissions.Manage, ct);
        if (input.UnionId > 0 && input.UnionId != current.UnionId) await gate.RequireAsync(PlacePermissions.Manage, input.UnionId, ct);
        var place = await ValidateAsync(input, id, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update places.places set union_id = @UnionId, kind = @Kind, parent_place_id = @ParentPlaceId, name = @Name, address = @Address,
                latitude = @Latitude, longitude = @Longitude, open_24h = @Open24h, opening_hours = @Hours::jsonb, facilities = @Facilities,
                capacity = @Capacity, admits = @Admits, contact_phone = @ContactPhone, has_sign = @Sign, has_layout = @Layout,
                has_facilities = @HasFacilities, has_functions = @Functions, has_rules = @Rules, on_map = @OnMap, scans_exits = @ScansExits,
                typical_stay_minutes = @TypicalStayMinutes, updated_at = now()
            where id = @Id
            """, new DynamicParameters(Parameters(place)).Also(p => p.Add("Id", id)), tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditUpdated, "place", Id(id), place.UnionId, new { place.Name }), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Opens, marks for rectification (整改) or closes (摘牌) a place. A palace closes only after its halls.</summary>
    public async Task SetStatusAsync(long id, PlaceStatus status, string? reason, CancellationToken ct)
    {
        var current = await RequirePlaceAsync(id, PlacePermissions.Manage, ct);
        if (!Enum.IsDefined(status)) throw new InputValidationException("status", l["状态无效"]);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > 200 }) throw new InputValidationException("reason", l["原因不能超过200个字符"]);
        if (status == PlaceStatus.Closed && reason is null) throw new InputValidationException("reason", l["请填写关闭原因"]);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (status == PlaceStatus.Closed && current.Kind == PlaceKind.CulturalPalace &&
            await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from places.places where parent_place_id = @id and status <> 3)", new { id }, tx, cancellationToken: ct)))
            throw new BusinessRuleException(l["请先关闭该文化宫下的各个厅室"]);
        if (status != PlaceStatus.Closed && current.ParentPlaceId is { } parent &&
            await conn.ExecuteScalarAsync<short>(new CommandDefinition("select status from places.places where id = @parent", new { parent }, tx, cancellationToken: ct)) == (short)PlaceStatus.Closed)
            throw new BusinessRuleException(l["所属文化宫已关闭，厅室不能重新开放"]);
        await conn.ExecuteAsync(new CommandDefinition(
            "update places.places set status = @status, closed_reason = @reason, updated_at = now() where id = @id",
            new { id, status = (short)status, reason = status == PlaceStatus.Open ? null : reason }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditStatus, "place", Id(id), current.UnionId, new { Status = status.ToString(), reason }), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The place's reference when the current staff member may do <paramref name="permission"/> on it; else 404/403.</summary>
    public async Task<PlaceRef> RequirePlaceAsync(long id, Permission permission, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QueryFirstOrDefaultAsync<PlaceRow>(new CommandDefinition($"select {PlaceRow.Columns} where p.id = @id", new { id }, cancellationToken: ct))
            ?? throw new NotFoundException(l["未找到该阵地"]);
        await gate.RequireAsync(permission, row.UnionId, ct);
        return new PlaceRef(row.Id, row.UnionId, (PlaceKind)row.Kind, row.Name, (PlaceAdmission)row.Admits, (PlaceStatus)row.Status, row.Capacity) { ParentPlaceId = row.ParentPlaceId };
    }

    private async Task<PlaceInput> ValidateAsync(PlaceInput input, long? id, CancellationToken ct)
    {
        var errors = PlaceRules.Validate(input, l, out var place);
        if (place.UnionId > 0 && await unions.FindAsync(place.UnionId, ct) is { IsActive: false })
            errors["unionId"] = [l["所属工会已注销或合并，不能新增或调整阵地"]];
        if (errors.Count == 0 && place.ParentPlaceId is { } parentId)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var parent = await conn.QueryFirstOrDefaultAsync<(long UnionId, short Kind, short Status)?>(new CommandDefinition(
                "select union_id, kind, status from places.places where id = @parentId", new { parentId }, cancellationToken: ct));
            if (parent is not { } p || parentId == id || p.Kind != (short)PlaceKind.CulturalPalace || !await gate.CanAsync(Permission.Read, p.UnionId, ct))
                errors["parentPlaceId"] = [l["所属工人文化宫不存在"]];
            else if (p.Status == (short)PlaceStatus.Closed)
                errors["parentPlaceId"] = [l["所属工人文化宫已关闭"]];
        }
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        return place;
    }

    private const string Values = """
        @UnionId, @Kind, @ParentPlaceId, @Name, @Address, @Latitude, @Longitude, @Open24h, @Hours::jsonb, @Facilities,
        @Capacity, @Admits, @ContactPhone, @Sign, @Layout, @HasFacilities, @Functions, @Rules, @OnMap, @ScansExits, @TypicalStayMinutes
        """;

    private static object Parameters(PlaceInput p)
    {
        var c = p.Checklist ?? PlaceChecklist.None;
        return new
        {
            p.UnionId,
            Kind = (short)p.Kind,
            p.ParentPlaceId,
            p.Name,
            p.Address,
            p.Latitude,
            p.Longitude,
            p.Open24h,
            Hours = OpeningHours.ToJson(p.OpeningHours ?? []),
            Facilities = (p.Facilities ?? []).ToArray(),
            p.Capacity,
            Admits = (short)p.Admits,
            p.ContactPhone,
            c.Sign,
            c.Layout,
            HasFacilities = c.Facilities,
            c.Functions,
            c.Rules,
            c.OnMap,
            p.ScansExits,
            TypicalStayMinutes = (short?)p.TypicalStayMinutes,
        };
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters Also(this DynamicParameters p, Action<DynamicParameters> add)
    {
        add(p);
        return p;
    }
}
