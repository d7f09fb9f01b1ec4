using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Import.Upload;

/// <summary>POST /api/v1/member-imports (multipart: unionId + file): validates the file and stages the valid rows.</summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder group, MemberImportOptions o) =>
        group.MapPost("", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(UploadedFile.RequestLimit(o)))
            .WithFormOptions(multipartBodyLengthLimit: UploadedFile.RequestLimit(o))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportSummary>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("批量导入：上传 Excel/CSV 文件，逐行校验并暂存有效数据");

    private static async Task<Results<Created<ImportSummary>, ValidationProblem, ProblemHttpResult>> Handle(
        HttpRequest request, ImportAccess access, MemberImporter importer, IOptions<MemberImportOptions> options, ICurrentUser user,
        IStringLocalizer<ImportText> l, CancellationToken ct)
    {
        try
        {
            var (unionId, file) = await UploadedFile.ReadAsync(request, options.Value, ct);
            await access.RequireAsync(unionId, Permission.ManageMembers, ct);
            await using var stream = file.OpenReadStream();
            var summary = await importer.ValidateAsync(unionId, stream, file.FileName, user.StaffId, ct);
            return TypedResults.Created($"/api/v1/member-imports/{summary.ImportId}", summary);
        }
        catch (ImportFileException e) when (e.TooLarge)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: l["文件过大"]);
        }
        catch (ImportFileException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [e.Message] }, detail: e.Message, title: l["文件无法导入"]);
        }
    }
}
