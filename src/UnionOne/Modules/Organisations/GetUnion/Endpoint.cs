using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Coverage;
using UnionOne.Modules.Organisations.Queries;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Organisations.GetUnion;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/unions/{id:long}", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("工会详情（含上级链路与下级工会）");
        api.MapGet("/unions/{id:long}/coverage", Coverage)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("本级及下级的建会入会覆盖率");
        api.MapGet("/unions/{id:long}/events", Events)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("工会变更记录");
    }

    private static async Task<Ok<UnionDetail>> Handle(long id, StaffGate access, UnionDetails details, CancellationToken ct)
    {
        await access.RequireWithScopeAsync(Permission.Read, id, ct);
        return TypedResults.Ok(await details.GetAsync(id, ct) ?? throw new NotFoundException("未找到该工会"));
    }

    private static async Task<Ok<CoverageReportDto>> Coverage(long id, StaffGate access, CoverageReport report, CancellationToken ct)
    {
        await access.RequireWithScopeAsync(Permission.Read, id, ct);
        return TypedResults.Ok(await report.ForAsync(id, ct));
    }

    private static async Task<Ok<IReadOnlyList<UnionEvent>>> Events(long id, StaffGate access, UnionDetails details, CancellationToken ct)
    {
        await access.RequireWithScopeAsync(Permission.Read, id, ct);
        return TypedResults.Ok(await details.EventsAsync(id, ct));
    }
}
