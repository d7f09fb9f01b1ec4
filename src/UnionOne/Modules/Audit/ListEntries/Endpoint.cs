using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Audit.ListEntries;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/audit", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Audit")
            .WithSummary("审计日志（本级及下级）");

    private static async Task<Results<Ok<IReadOnlyList<AuditRow>>, ForbidHttpResult>> Handle(
        string? action, long? before, int? limit, IStaffAccess access, AuditQueries queries, CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct);
        if (scope is null) return TypedResults.Forbid();
        return TypedResults.Ok(await queries.ListAsync(scope, action, before, limit ?? 50, ct));
    }
}
