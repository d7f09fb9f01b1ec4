using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Libraries.Catalogue;

internal sealed record OpenLibraryInput(long PlaceId);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/libraries").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Libraries");
        staff.MapGet("/", async (CatalogueService service, CancellationToken ct) => TypedResults.Ok(await service.ListForStaffAsync(ct)))
            .WithSummary("本级及下级工会的职工书屋");
        staff.MapPost("/", Open).WithSummary("为职工书屋开通借阅（场所类型须为职工书屋）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapGet("/{placeId:long}/titles", async (long placeId, string? q, CatalogueService service, CancellationToken ct) =>
            TypedResults.Ok(await service.TitlesAsync(placeId, q, ct))).WithSummary("书目（按书名、作者或ISBN查找）");
        staff.MapPost("/{placeId:long}/titles", AddTitle).WithSummary("登记书目及复本（ISBN-13或ISBN-10，校验位必须正确）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("/{placeId:long}/titles/{titleId:long}/copies", async (long placeId, long titleId, CopiesInput input, CatalogueService service, CancellationToken ct) =>
            TypedResults.Ok(new { Barcodes = await service.AddCopiesAsync(placeId, titleId, input, ct) })).WithSummary("增加复本").ProducesValidationProblem();
        staff.MapGet("/{placeId:long}/copies", async (long placeId, long? titleId, CatalogueService service, CancellationToken ct) =>
            TypedResults.Ok(await service.CopiesAsync(placeId, titleId, ct))).WithSummary("在架复本，或某书目的全部复本");

        api.MapGet("/catalogue", async (string? q, CatalogueService service, CancellationToken ct) => TypedResults.Ok(await service.SearchAsync(q, ct)))
            .RequireAuthorization(UnionPolicies.MemberApi).WithTags("Libraries").WithSummary("检索全部职工书屋的藏书（可在任一书屋借还）");
    }

    private static async Task<Ok<LibraryView>> Open(OpenLibraryInput input, CatalogueService service, CancellationToken ct) =>
        TypedResults.Ok(await service.OpenAsync(input.PlaceId, ct));

    private static async Task<Created<AddedTitle>> AddTitle(long placeId, TitleInput input, CatalogueService service, CancellationToken ct)
    {
        var added = await service.AddTitleAsync(placeId, input, ct);
        return TypedResults.Created($"/api/v1/libraries/{placeId}/titles?q={added.Title.Isbn}", added);
    }
}
