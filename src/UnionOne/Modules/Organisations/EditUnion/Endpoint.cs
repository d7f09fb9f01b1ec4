using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Changes;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.EditUnion;

internal sealed record EditUnionRequest(
    string Name, string Kind, string? RegionCode, string? CreditCode, string? Address, string? ContactName, string? ContactPhone,
    DateOnly? FoundedOn, int EmployeesReported, bool ServesNewEmploymentForms);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/unions/{id:long}", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("修改工会信息")
            .ProducesValidationProblem();

    private static async Task<NoContent> Handle(long id, EditUnionRequest r, StaffGate access, TreeChanges changes, CancellationToken ct)
    {
        var (scope, union) = await access.RequireWithScopeAsync(Permission.AdministerTree, id, ct);
        var edit = new NewUnion(r.Name ?? "", union.Level, union.ParentId, r.Kind ?? "", r.RegionCode, r.CreditCode, r.Address, r.ContactName, r.ContactPhone, r.FoundedOn, r.EmployeesReported, r.ServesNewEmploymentForms);
        await changes.EditAsync(id, edit, scope.StaffId, ct);
        return TypedResults.NoContent();
    }
}
