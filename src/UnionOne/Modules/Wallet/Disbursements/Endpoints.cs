using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Create;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Modules.Wallet.Disbursements.Funds;
using UnionOne.Modules.Wallet.Disbursements.Posting;
using UnionOne.Modules.Wallet.Disbursements.Queries;
using UnionOne.Modules.Wallet.Disbursements.Review;
using UnionOne.Modules.Wallet.Disbursements.Upload;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements;

/// <summary>
/// A disbursement by selection. AmountFen is the amount per member in fen; it is received as a JSON number only so that a
/// fraction of a fen is refused with a clear message (it is a whole number of fen from then on).
/// </summary>
internal sealed record CreateDisbursementRequest(
    long UnionId, string? Title, decimal? AmountFen, string? Purpose, MerchantCategory[]? Categories, int? ValidDays, int? BirthMonth, string? Tag, JobType? JobType);

internal sealed record RejectDisbursementRequest(string? Reason);

/// <summary>A top-up of a union's welfare fund (amount in fen, whole).</summary>
internal sealed record TopUpRequest(decimal? AmountFen, string? Memo);

internal sealed record SelectionCount(int Members);

internal sealed record FundView(long UnionId, string UnionName, int Depth, long Balance);

/// <summary>/api/v1/wallet/disbursements (福利发放) and /api/v1/wallet/funds (福利资金), for staff (bearer token).</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/wallet/disbursements").WithTags("Wallet").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("", ListAsync).WithSummary("福利发放列表（本人管辖范围）");
        group.MapPost("", CreateAsync).WithSummary("按条件选择会员创建发放草稿").ProducesValidationProblem();
        group.MapGet("/selection-count", CountAsync).WithSummary("预览符合条件的在会会员人数");
        group.MapPost("/uploads", UploadAsync)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadForm.RequestLimit(api.ServiceProvider.GetRequiredService<IOptions<DisbursementOptions>>().Value)))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("上传发放名单（.xlsx）并逐行校验")
            .ProducesValidationProblem();
        group.MapGet("/uploads/{uploadId:long}", UploadReportAsync).WithSummary("名单校验报告");
        group.MapPost("/uploads/{uploadId:long}/commit", CommitUploadAsync).WithSummary("用校验通过的名单创建发放草稿");
        group.MapGet("/{id:long}", GetAsync).WithSummary("发放详情与进度");
        group.MapGet("/{id:long}/lines", LinesAsync).WithSummary("发放明细（按会员编号顺序分页）");
        group.MapPost("/{id:long}/submit", SubmitAsync).WithSummary("提交复核");
        group.MapPost("/{id:long}/approve", ApproveAsync).WithSummary("复核通过（须另一位工作人员；请求头 Idempotency-Key）");
        group.MapPost("/{id:long}/reject", RejectAsync).WithSummary("驳回").ProducesValidationProblem();
        group.MapPost("/{id:long}/replay", ReplayAsync).WithSummary("核对：按原分批重放已发放的记账（只读，不会重复入账）");
        group.MapDelete("/{id:long}", DiscardAsync).WithSummary("删除草稿");

        var funds = api.MapGroup("/wallet/funds").WithTags("Wallet").RequireAuthorization(UnionPolicies.StaffApi);
        funds.MapGet("", FundsAsync).WithSummary("本人管辖范围内各工会的福利资金余额");
        funds.MapPost("/{unionId:long}/top-ups", TopUpAsync).WithSummary("拨入福利资金（请求头 Idempotency-Key）").ProducesValidationProblem();
    }

    private static async Task<Ok<IReadOnlyList<DisbursementView>>> ListAsync(long? unionId, string? status, int? take, DisbursementQueries queries,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        DisbursementStatus? s = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DisbursementStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new InputValidationException("status", l["状态无效，可选：draft、submitted、posting、posted、rejected"]);
            s = parsed;
        }
        return TypedResults.Ok(await queries.ListAsync(unionId, s, take ?? 50, ct));
    }

    private static async Task<Created<DisbursementView>> CreateAsync(CreateDisbursementRequest request, SelectionDraft drafts, DisbursementQueries queries,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var amount = DraftDetails.FenFromJson(request.AmountFen, "amountFen", errors, l);
        var id = await drafts.CreateAsync(new SelectionDraftInput(request.UnionId,
            new DraftDetails(request.Title, request.Purpose, request.Categories, request.ValidDays), amount, request.BirthMonth, request.Tag, request.JobType), errors, ct);
        return TypedResults.Created($"/api/v1/wallet/disbursements/{id}", (await queries.LoadAsync(id, ct))!);
    }

    private static async Task<Ok<SelectionCount>> CountAsync(long unionId, int? birthMonth, string? tag, string? jobType, SelectionDraft drafts,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        JobType? type = null;
        if (!string.IsNullOrWhiteSpace(jobType))
        {
            if (!JobTypeLabels.TryParse(jobType, out var parsed)) throw new InputValidationException("jobType", l["职业类型无效"]);
            type = parsed;
        }
        return TypedResults.Ok(new SelectionCount(await drafts.CountAsync(unionId, birthMonth, tag, type, ct)));
    }

    private static async Task<Created<UploadView>> UploadAsync(HttpRequest request, UploadService uploads, IOptions<DisbursementOptions> options,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        var (input, file, errors) = await UploadForm.ReadAsync(request, options.Value, l, ct);
        await using var stream = file.OpenReadStream();
        var id = await uploads.CheckAsync(input with { File = stream }, errors, ct);
        return TypedResults.Created($"/api/v1/wallet/disbursements/uploads/{id}", await uploads.GetAsync(id, ct));
    }

    private static async Task<Ok<UploadView>> UploadReportAsync(long uploadId, UploadService uploads, CancellationToken ct) =>
        TypedResults.Ok(await uploads.GetAsync(uploadId, ct));

    private static async Task<Created<DisbursementView>> CommitUploadAsync(long uploadId, UploadService uploads, DisbursementQueries queries, CancellationToken ct)
    {
        var id = await uploads.CommitAsync(uploadId, ct);
        return TypedResults.Created($"/api/v1/wallet/disbursements/{id}", (await queries.LoadAsync(id, ct))!);
    }

    private static async Task<Ok<DisbursementView>> GetAsync(long id, DisbursementQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));

    private static async Task<Ok<DisbursementLinesPage>> LinesAsync(long id, long? after, int? take, DisbursementQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.LinesAsync(id, after, take ?? 100, ct));

    private static async Task<Ok<DisbursementView>> SubmitAsync(long id, ReviewService review, DisbursementQueries queries, CancellationToken ct)
    {
        await review.SubmitAsync(id, ct);
        return TypedResults.Ok((await queries.LoadAsync(id, ct))!);
    }

    private static async Task<Ok<DisbursementView>> ApproveAsync(long id, HttpContext http, ReviewService review, DisbursementQueries queries, CancellationToken ct)
    {
        await review.ApproveAsync(id, http.Request.Headers[IdempotencyKey.Header].ToString(), ct);
        return TypedResults.Ok((await queries.LoadAsync(id, ct))!);
    }

    private static async Task<Ok<DisbursementView>> RejectAsync(long id, RejectDisbursementRequest request, ReviewService review, DisbursementQueries queries, CancellationToken ct)
    {
        await review.RejectAsync(id, request.Reason, ct);
        return TypedResults.Ok((await queries.LoadAsync(id, ct))!);
    }

    private static async Task<Ok<ReplayReport>> ReplayAsync(long id, DisbursementAccess access, DisbursementPoster poster, IStringLocalizer<WalletText> l,
        DisbursementQueries queries, CancellationToken ct)
    {
        await access.RequireAsync(id, Identity.Contracts.Permission.ManageMoney, ct);
        var view = (await queries.LoadAsync(id, ct))!;
        if (view.StatusValue != DisbursementStatus.Posted) throw new BusinessRuleException(l["只有已发放完毕的发放可以核对"], "wrong-status");
        return TypedResults.Ok(await poster.ReplayAsync(id, ct));
    }

    private static async Task<NoContent> DiscardAsync(long id, ReviewService review, CancellationToken ct)
    {
        await review.DiscardAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<FundView>>> FundsAsync(FundService funds, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<FundView>>((await funds.FundsAsync(ct)).Select(f => new FundView(f.Union.Id, f.Union.Name, f.Depth, f.Balance)).ToList());

    private static async Task<Created<TopUpResult>> TopUpAsync(long unionId, TopUpRequest request, HttpContext http, FundService funds,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var amount = DraftDetails.FenFromJson(request.AmountFen, "amountFen", errors, l);
        var result = await funds.TopUpAsync(unionId, amount, request.Memo, http.Request.Headers[IdempotencyKey.Header].ToString(), errors, ct);
        return TypedResults.Created($"/api/v1/wallet/funds/{unionId}", result);
    }
}
