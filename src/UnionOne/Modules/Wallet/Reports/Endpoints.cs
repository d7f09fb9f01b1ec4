using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Reports;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder pages, IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/wallet/reports").WithTags("Wallet reports").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("", GetAsync)
            .WithSummary("统计报表（本工会及下级；from/to=yyyy-MM）：发放、消费、退款、到期退回、拉动消费、会员节省，按月、商户、类别，商户排行前20")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export", ExportAsync)
            .WithSummary("导出统计报表为 .xlsx（记入审计日志）")
            .Produces(StatusCodes.Status200OK, contentType: ReportExport.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        pages.MapGet("/console/wallet/reports/export", ExportAsync)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .ExcludeFromDescription();
    }

    private static async Task<Ok<WalletReportView>> GetAsync(long? unionId, string? from, string? to, WalletReports reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.GetAsync(unionId, from, to, Permission.Read, ct));

    private static async Task<FileContentHttpResult> ExportAsync(long? unionId, string? from, string? to, ReportExport export, HttpResponse response, CancellationToken ct)
    {
        var file = await export.CreateAsync(unionId, from, to, ct);
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Content, ReportExport.ContentType, file.FileName);
    }
}
