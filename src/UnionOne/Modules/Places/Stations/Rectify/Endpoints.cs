using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Rectify;

internal sealed record StatusChanged(string Status);

/// <summary>GET /api/v1/stations/rectify-list; POST /api/v1/stations/{placeId}/status (rectify / reopen / close with a reason).</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/stations").WithTags("Stations").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("/rectify-list", ListAsync).WithSummary("整改/摘牌名单：连续数月使用率低、满意度低或检查不合格的驿站");
        group.MapPost("/{placeId:long}/status", ChangeAsync).WithSummary("责令整改、恢复开放或摘牌").ProducesValidationProblem();
        group.MapGet("/{placeId:long}/status-changes", HistoryAsync).WithSummary("驿站整改与摘牌记录");
    }

    private static async Task<Ok<RectifyListResult>> ListAsync(long? unionId, string? asOf, StationAccess access, RectifyList list,
        IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        DateOnly? month = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (!DateOnly.TryParseExact(asOf.Trim() + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var m))
                throw new InputValidationException("asOf", l["请填写要评定的月份，格式如 2026-10"]);
            month = m;
        }
        var unions = await access.SubtreeAsync(Permission.Read, unionId, ct);
        return TypedResults.Ok(await list.ListAsync(month, unions, ct));
    }

    private static async Task<Ok<StatusChanged>> ChangeAsync(long placeId, StatusChangeRequest request, StationAccess access,
        StationStatusService service, CancellationToken ct)
    {
        service.Check(request);
        var (place, scope, _) = await access.RequireAsync(placeId, StationStatusService.PermissionFor(request.Action?.Trim().ToLowerInvariant()), ct);
        var status = await service.ChangeAsync(place, request, scope, ct);
        return TypedResults.Ok(new StatusChanged(status switch { PlaceStatus.Open => "open", PlaceStatus.Rectifying => "rectifying", _ => "closed" }));
    }

    private static async Task<Ok<IReadOnlyList<StatusChange>>> HistoryAsync(long placeId, StationAccess access, StationStatusService service, CancellationToken ct)
    {
        await access.RequireAsync(placeId, Permission.Read, ct);
        return TypedResults.Ok(await service.HistoryAsync(placeId, ct));
    }
}
