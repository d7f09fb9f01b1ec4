using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Grades;

internal sealed record GradeRunRequest(string? Month, long? UnionId);

/// <summary>POST /api/v1/stations/grade-runs: the monthly rating run; GET /api/v1/stations/{placeId}/grades: a station's monthly history.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/stations").WithTags("Stations").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapPost("/grade-runs", RunAsync).WithSummary("月度星级评定（按检查、使用率和会员满意度）").ProducesValidationProblem();
        group.MapGet("/{placeId:long}/grades", HistoryAsync).WithSummary("驿站各月星级与补贴");
    }

    private static async Task<Ok<GradeRunResult>> RunAsync(GradeRunRequest request, StationAccess access, GradeRun run, IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        var month = run.ParseMonth(request.Month);
        var (scope, unions) = await ScopeAsync(access, request.UnionId, l, ct);
        return TypedResults.Ok(await run.RunAsync(month, unions, scope.StaffId, ct));
    }

    /// <summary>The unions the caller may rate: the given node (404 outside, 403 as viewer) or every subtree where they may manage.</summary>
    public static async Task<(StaffScope Scope, Organisations.Contracts.SubtreeFilter Unions)> ScopeAsync(
        StationAccess access, long? unionId, IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        var unions = await access.SubtreeAsync(StationAccess.Manage, unionId, ct);
        if (!unions.All && unions.UnionIds.Count == 0) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return (scope, unions);
    }

    private static async Task<Ok<IReadOnlyList<StationGrade>>> HistoryAsync(long placeId, StationAccess access, GradeRun run, CancellationToken ct)
    {
        await access.RequireAsync(placeId, Permission.Read, ct);
        return TypedResults.Ok(await run.HistoryAsync(placeId, ct));
    }
}
