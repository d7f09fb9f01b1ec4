using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Transfers;

internal sealed record TransferReasonInput(string? Reason);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/transfers").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Transfers");
        group.MapPost("/", Create).WithSummary("发起会籍转移：新工会按会员号和姓名申请转入，或原工会将本会会员转往目标工会")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithSummary("会籍转移（direction=in 转入 / out 转出；all=true 含已结束）");
        group.MapGet("/{id:long}", (long id, TransferService service, CancellationToken ct) => Found(service.FindAsync(id, ct))).WithSummary("一项会籍转移");
        group.MapPost("/{id:long}/release", (long id, TransferService service, CancellationToken ct) => Found(service.ReleaseAsync(id, ct)))
            .WithSummary("原工会放行").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/accept", (long id, TransferService service, CancellationToken ct) => Found(service.AcceptAsync(id, ct)))
            .WithSummary("新工会接收").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/reject", (long id, TransferReasonInput? input, TransferService service, CancellationToken ct) => Found(service.RejectAsync(id, input?.Reason, ct)))
            .WithSummary("拒绝或撤销（须填写原因）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Created<TransferView>> Create(TransferInput input, TransferService service, CancellationToken ct)
    {
        var created = await service.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/transfers/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<TransferView>>> List(string? direction, bool? all, TransferService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(direction, all ?? false, ct));

    private static async Task<Ok<TransferView>> Found(Task<TransferView> work) => TypedResults.Ok(await work);
}
