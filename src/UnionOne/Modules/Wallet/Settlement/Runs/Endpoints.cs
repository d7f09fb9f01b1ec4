using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Settlement.Runs;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder pages, IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/wallet/settlement-runs").WithTags("Wallet settlement").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("", ListAsync).WithSummary("结算批次列表（本工会及下级，最新在前）");
        group.MapPost("", PrepareAsync)
            .WithSummary("发起结算批次（需资金经办权限；截止日期须早于今天；请求头 Idempotency-Key）：缺少收款账户的商户列为跳过")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:long}", GetAsync).WithSummary("结算批次详情（账号脱敏）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/approve", ApproveAsync)
            .WithSummary("复核结算批次并入账（需复核权限，且不能是制单人；请求头 Idempotency-Key；重复复核不会重复入账）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/cancel", CancelAsync)
            .WithSummary("撤销待复核的结算批次")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:long}/bank-file", BankFileAsync)
            .WithSummary("下载银行代付文件（CSV，UTF-8 带 BOM；完整账号；记入审计日志）")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status409Conflict);

        pages.MapGet("/console/wallet/settlement/runs/{id:long}/bank-file", BankFileAsync)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<SettlementRunSummary>>> ListAsync(long? unionId, SettlementRuns runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.ListAsync(unionId, 100, ct));

    private static async Task<Created<SettlementRunView>> PrepareAsync(NewSettlementRun? input, HttpRequest request, SettlementRuns runs, CancellationToken ct)
    {
        var run = await runs.PrepareAsync(input ?? new NewSettlementRun(null, null), request.Headers[IdempotencyKey.Header], ct);
        return TypedResults.Created($"/api/v1/wallet/settlement-runs/{run.Run.Id}", run);
    }

    private static async Task<Ok<SettlementRunView>> GetAsync(long id, SettlementRuns runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.GetAsync(id, ct));

    private static async Task<Ok<SettlementRunView>> ApproveAsync(long id, HttpRequest request, SettlementRuns runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.ApproveAsync(id, request.Headers[IdempotencyKey.Header], ct));

    private static async Task<Ok<SettlementRunView>> CancelAsync(long id, CancelSettlementRun? input, SettlementRuns runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.CancelAsync(id, input ?? new CancelSettlementRun(null), ct));

    private static async Task<FileContentHttpResult> BankFileAsync(long id, BankFile files, HttpResponse response, CancellationToken ct)
    {
        var file = await files.CreateAsync(id, ct);
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Row-Count"] = file.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(file.Content, BankFile.ContentType, file.FileName);
    }
}
