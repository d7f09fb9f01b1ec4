using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Places.Stations.Ratings;

/// <summary>POST /api/v1/places/{placeId}/ratings (member): rate a visit; GET /api/v1/stations/{placeId}/ratings (staff): recent ratings.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/places/{placeId:long}/ratings", RateAsync)
            .RequireAuthorization(UnionPolicies.MemberApi)
            .WithTags("Stations")
            .WithSummary("会员评价一次到访（1-5星，7天内有入场记录）")
            .ProducesValidationProblem();
        api.MapGet("/stations/{placeId:long}/ratings", RecentAsync)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Stations")
            .WithSummary("驿站近期的会员评价");
    }

    private static async Task<Created<VisitRated>> RateAsync(long placeId, RateVisitRequest request, ICurrentUser user, VisitRatingService ratings, CancellationToken ct)
    {
        var rated = await ratings.RateAsync(placeId, user.MemberId, request, ct);
        return TypedResults.Created($"/api/v1/places/{placeId}/ratings/{rated.Id}", rated);
    }

    private static async Task<Ok<IReadOnlyList<RecentRating>>> RecentAsync(long placeId, StationAccess access, VisitRatingService ratings, CancellationToken ct)
    {
        await access.RequireAsync(placeId, Permission.Read, ct);
        return TypedResults.Ok(await ratings.RecentAsync(placeId, 50, ct));
    }
}
