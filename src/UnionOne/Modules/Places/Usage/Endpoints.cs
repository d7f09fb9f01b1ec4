using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Modules.Places.Manage;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Usage;

public sealed record PlaceVisits(long PlaceId, IReadOnlyList<DayCount> ByDay, DateOnly Day, IReadOnlyList<HourCount> ByHour);

public sealed record Dashboard(IReadOnlyList<DayCount> ByDay, DateOnly Day, IReadOnlyList<HourCount> ByHour, IReadOnlyList<RankedPlace> Ranking);

internal static class Endpoints
{
    public const int Days = 30;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/places/{id:long}/occupancy", Occupancy).AllowAnonymous().WithTags("Places").WithSummary("阵地实时在场人数与今日到访");
        var staff = api.MapGroup("/places").WithTags("Places").RequireAuthorization(UnionPolicies.StaffApi);
        staff.MapGet("/{id:long}/access", AccessLog).WithSummary("阵地进出记录（分页；仅会员编号）");
        staff.MapGet("/{id:long}/visits", Visits).WithSummary("阵地近30天每日到访与某日每小时到访");
        staff.MapGet("/dashboard", DashboardFor).WithSummary("本辖区阵地使用情况：每日、每小时到访与排行");
    }

    private static async Task<Ok<PlaceOccupancy>> Occupancy(long id, IPlaceDirectory directory, IPlaceOccupancy occupancy, IStringLocalizer<PlacesText> l, CancellationToken ct)
    {
        if (await directory.FindAsync(id, ct) is not { AcceptsVisitors: true }) throw new NotFoundException(l["未找到该阵地"]);
        return TypedResults.Ok((await occupancy.OccupancyAsync(id, ct))!);
    }

    private static async Task<Ok<AccessLogPage>> AccessLog(long id, DateOnly? day, bool? admitted, int? page, PlaceAdmin admin, PlaceUsage usage, CancellationToken ct)
    {
        await admin.RequirePlaceAsync(id, Permission.Read, ct);
        return TypedResults.Ok(await usage.AccessLogAsync(id, day, admitted, page ?? 1, ct));
    }

    private static async Task<Ok<PlaceVisits>> Visits(long id, DateOnly? day, PlaceAdmin admin, PlaceUsage usage, TimeProvider clock, CancellationToken ct)
    {
        await admin.RequirePlaceAsync(id, Permission.Read, ct);
        var chosen = day ?? LocalTime.Today(clock);
        return TypedResults.Ok(new PlaceVisits(id, await usage.VisitsByDayAsync([id], null, Days, ct), chosen, await usage.VisitsByHourAsync([id], null, chosen, ct)));
    }

    private static async Task<Ok<Dashboard>> DashboardFor(long? unionId, DateOnly? day, string? kind, StaffGate gate, PlaceUsage usage, TimeProvider clock,
        IStringLocalizer<PlacesText> l, CancellationToken ct)
    {
        var placeKind = QueryEnum.Parse<PlaceKind>(kind, "kind", l["请选择阵地类型"]);
        var subtree = await gate.SubtreeAsync(Permission.Read, unionId, ct);
        var chosen = day ?? LocalTime.Today(clock);
        return TypedResults.Ok(new Dashboard(
            await usage.VisitsByDayAsync(null, subtree, Days, ct), chosen, await usage.VisitsByHourAsync(null, subtree, chosen, ct),
            await usage.RankingAsync(subtree, placeKind, Days, 20, ct)));
    }
}
