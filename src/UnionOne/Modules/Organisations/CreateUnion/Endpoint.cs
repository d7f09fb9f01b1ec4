using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.CreateUnion;

internal sealed record CreateUnionRequest(
    string Name, UnionLevel Level, long ParentId, string Kind, string? RegionCode, string? CreditCode, string? Address,
    string? ContactName, string? ContactPhone, DateOnly? FoundedOn, int EmployeesReported, bool ServesNewEmploymentForms)
{
    public NewUnion ToNewUnion() => new(Name ?? "", Level, ParentId, Kind ?? "", RegionCode, CreditCode, Address, ContactName, ContactPhone, FoundedOn, EmployeesReported, ServesNewEmploymentForms);
}

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/unions", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("在本级工会下新建下级工会")
            .ProducesValidationProblem();

    private static async Task<Created<CreatedUnion>> Handle(CreateUnionRequest request, StaffGate access, IOrganisationAdmin admin, IAuditLog audit, CancellationToken ct)
    {
        var (scope, _) = await access.RequireWithScopeAsync(Permission.AdministerTree, request.ParentId, ct);
        var id = await admin.CreateAsync(request.ToNewUnion(), scope.StaffId, ct);
        await audit.WriteAsync(new AuditEntry(AuditActions.UnionCreated, "union", id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, new { request.Name, request.ParentId }), ct: ct);
        return TypedResults.Created($"/api/v1/unions/{id}", new CreatedUnion(id));
    }
}

internal sealed record CreatedUnion(long Id);
