using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Places.Stations.List;

/// <summary>GET /api/v1/stations: stations of the caller's subtree with stars, subsidy, last inspection and warning signs.</summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/stations", ListAsync)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Stations")
            .WithSummary("驿站列表（星级、补贴、最近检查、预警）");

    private static async Task<Ok<StationPage>> ListAsync(long? unionId, short? status, int? page, StationAccess access, StationList list, CancellationToken ct)
    {
        var unions = await access.SubtreeAsync(Permission.Read, unionId, ct);
        return TypedResults.Ok(await list.ListAsync(unions, status, page ?? 1, ct));
    }
}
