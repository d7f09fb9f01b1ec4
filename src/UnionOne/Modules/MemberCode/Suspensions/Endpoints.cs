using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.MemberCode.Suspensions;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/members/{memberId:long}/code-suspension").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Member code");
        group.MapGet("/", async Task<Ok<SuspensionState>> (long memberId, CodeSuspensions suspensions, CancellationToken ct) =>
            TypedResults.Ok(await suspensions.GetAsync(memberId, ct)));
        group.MapPost("/", async Task<Ok<SuspensionState>> (long memberId, SuspendRequest request, CodeSuspensions suspensions, CancellationToken ct) =>
            TypedResults.Ok(await suspensions.SuspendAsync(memberId, request, ct))).WithSummary("暂停会员码");
        group.MapDelete("/", async Task<Ok<SuspensionState>> (long memberId, CodeSuspensions suspensions, CancellationToken ct) =>
            TypedResults.Ok(await suspensions.LiftAsync(memberId, ct))).WithSummary("恢复会员码");
    }
}
