using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Items;

internal sealed record ShelfRequest(bool? OnShelf);

/// <summary>
/// Staff: /api/v1/points/unions/{unionId}/items (list, create), /api/v1/points/items/{id} (get, change, shelf, picture).
/// Anyone: /points/items/{id}/picture (the picture). Console: the picture upload form posts to /console/points/items/{id}/picture.
/// </summary>
internal static class Endpoints
{
    private const long FormOverhead = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var limit = new RequestSizeLimitAttribute(ItemService.MaxPictureBytes + FormOverhead);
        var union = api.MapGroup("/points/unions/{unionId:long}/items").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points");
        union.MapGet("/", List).WithSummary("工会积分超市的商品（含已下架）").ProducesProblem(StatusCodes.Status404NotFound);
        union.MapPost("/", Create).WithSummary("上架新商品（名称、所需积分、库存、每人每月限兑）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var item = api.MapGroup("/points/items/{id:long}").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points");
        item.MapGet("/", Get).WithSummary("商品详情").ProducesProblem(StatusCodes.Status404NotFound);
        item.MapPut("/", Update).WithSummary("修改商品（库存按实际盘点数填写）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        item.MapPost("/shelf", Shelf).WithSummary("上架/下架").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        item.MapPut("/picture", Picture).WithSummary("上传商品图片（multipart 字段 file，JPG/PNG，1MB以内）")
            .DisableAntiforgery().WithMetadata(limit).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/points/items/{id:long}/picture", Serve).AllowAnonymous().WithTags("Points").WithSummary("商品图片");
        app.MapPost("/console/points/items/{id:long}/picture", PictureFromPage)
            .RequireAuthorization(UnionPolicies.StaffPages).DisableAntiforgery().WithMetadata(limit).ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<ItemView>>> List(long unionId, ItemService items, CancellationToken ct) => TypedResults.Ok(await items.ListAsync(unionId, ct));

    private static async Task<Created<ItemView>> Create(long unionId, ItemRequest request, ItemService items, CancellationToken ct)
    {
        var item = await items.CreateAsync(unionId, request, ct);
        return TypedResults.Created($"/api/v1/points/items/{item.Id}", item);
    }

    private static async Task<Ok<ItemView>> Get(long id, ItemService items, CancellationToken ct) => TypedResults.Ok(await items.GetAsync(id, ct));

    private static async Task<Ok<ItemView>> Update(long id, ItemRequest request, ItemService items, CancellationToken ct) => TypedResults.Ok(await items.UpdateAsync(id, request, ct));

    private static async Task<Ok<ItemView>> Shelf(long id, ShelfRequest request, ItemService items, Microsoft.Extensions.Localization.IStringLocalizer<PointsText> l, CancellationToken ct)
    {
        if (request.OnShelf is not { } onShelf) throw new InputValidationException("onShelf", l["请说明上架还是下架"]);
        return TypedResults.Ok(await items.SetShelfAsync(id, onShelf, ct));
    }

    private static async Task<Ok<ItemView>> Picture(long id, HttpRequest request, ItemService items, CancellationToken ct) =>
        TypedResults.Ok(await items.SetPictureAsync(id, await ReadFileAsync(request, ct), ct));

    private static async Task<IResult> PictureFromPage(long id, HttpContext context, IAntiforgery antiforgery, ItemService items,
        Microsoft.Extensions.Localization.IStringLocalizer<PointsText> l, CancellationToken ct)
    {
        // A forged or stale form: 400 and nothing done (the title is filled in by the platform's ProblemDetails).
        if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.Problem(detail: l["页面已过期，请刷新后重新提交"], statusCode: StatusCodes.Status400BadRequest);
        try
        {
            await items.SetPictureAsync(id, await ReadFileAsync(context.Request, ct), ct);
            return TypedResults.LocalRedirect($"/console/points/items/{id}?picture=saved");
        }
        catch (InputValidationException e)
        {
            var code = e.Errors.Values.SelectMany(v => v).FirstOrDefault() switch
            {
                { } m when m.Contains("1MB", StringComparison.Ordinal) => "large",
                { } m when m.Contains("JPG 或 PNG 格式", StringComparison.Ordinal) => "type",
                _ => "empty",
            };
            return TypedResults.LocalRedirect($"/console/points/items/{id}?picture={code}");
        }
        catch (ForbiddenException)
        {
            return TypedResults.LocalRedirect($"/console/points/items/{id}?picture=forbidden");
        }
    }

    private static async Task<IResult> Serve(long id, HttpContext context, ItemService items, CancellationToken ct)
    {
        if (await items.PictureAsync(id, ct) is not { } picture) return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(picture.Bytes, picture.ContentType);
    }

    /// <summary>The uploaded file's bytes (field "file" or the first file); more than the limit is kept as one byte too many.</summary>
    private static async Task<byte[]?> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        IFormFile? file;
        try
        {
            var form = await request.ReadFormAsync(ct);
            file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return new byte[ItemService.MaxPictureBytes + 1];
        }
        if (file is null) return null;
        if (file.Length > ItemService.MaxPictureBytes) return new byte[ItemService.MaxPictureBytes + 1];
        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, ct);
        return bytes;
    }
}
