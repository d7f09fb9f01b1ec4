using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Rectify;

internal sealed record StatusChangeRequest(string? Action, string? Reason);

internal sealed record StatusChange(long Id, short FromStatus, short ToStatus, string Reason, DateTime At);

/// <summary>
/// Decisions on a station (整改 / 恢复开放 / 摘牌): puts it into rectification, reopens it after rectification, or delists it
/// (final). The status of places.places changes only from the status the decision was taken on (a conditional update, so
/// two decisions at once cannot both apply); the decision, its reason and the actor are kept and audited in the same transaction.
/// </summary>
internal sealed class StationStatusService(NpgsqlDataSource dataSource, IAuditLog audit, IStringLocalizer<StationsText> l)
{
    public const string Rectify = "rectify";
    public const string Reopen = "reopen";
    public const string Close = "close";

    public static readonly string[] Actions = [Rectify, Reopen, Close];

    public static Permission PermissionFor(string? action) => action == Close ? StationAccess.Delist : StationAccess.Manage;

    /// <summary>Field checks before any access to the station (400 when bad).</summary>
    public (string Action, string Reason) Check(StatusChangeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.Trim().ToLowerInvariant() ?? "";
        if (!Actions.Contains(action)) errors["action"] = [l["请选择操作：整改、恢复开放或摘牌"]];
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is < 2 or > 200) errors["reason"] = [l["请填写原因（2到200字）"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        return (action, reason);
    }

    public async Task<PlaceStatus> ChangeAsync(PlaceRef place, StatusChangeRequest request, StaffScope staff, CancellationToken ct)
    {
        var (action, reason) = Check(request);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = (PlaceStatus)await conn.ExecuteScalarAsync<short>(new CommandDefinition(
            "select status from places.places where id = @id for update", new { id = place.Id }, tx, cancellationToken: ct));
        if (status == PlaceStatus.Closed) throw new BusinessRuleException(l["该驿站已摘牌"]);
        var to = action switch
        {
            Rectify when status == PlaceStatus.Rectifying => throw new BusinessRuleException(l["该驿站已在整改中"]),
            Rectify => PlaceStatus.Rectifying,
            Reopen when status != PlaceStatus.Rectifying => throw new BusinessRuleException(l["该驿站不在整改中，无需恢复开放"]),
            Reopen => PlaceStatus.Open,
            _ => PlaceStatus.Closed,
        };
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "update places.places set status = @to, updated_at = now() where id = @id and status = @from",
            new { id = place.Id, to = (short)to, from = (short)status }, tx, cancellationToken: ct));
        if (changed != 1) throw new BusinessRuleException(l["驿站状态已被他人修改，请刷新后重试"]);
        var changeId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into places.station_status_changes (place_id, from_status, to_status, reason, staff_id)
            values (@id, @from, @to, @reason, @staffId) returning id
            """, new { id = place.Id, from = (short)status, to = (short)to, reason, staffId = staff.StaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry($"station.{action}", "place", place.Id.ToString(CultureInfo.InvariantCulture), place.UnionId,
            new { change = changeId, from = status.ToString(), to = to.ToString(), reason }), tx, ct);
        await tx.CommitAsync(ct);
        return to;
    }

    public async Task<IReadOnlyList<StatusChange>> HistoryAsync(long placeId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StatusChange>(new CommandDefinition(
            "select id, from_status as FromStatus, to_status as ToStatus, reason, at from places.station_status_changes where place_id = @placeId order by at desc, id desc",
            new { placeId }, cancellationToken: ct))).AsList();
    }
}
