using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Photos;

/// <summary>Photo upload (API and console form), removal, and the public image endpoint.</summary>
internal static class Endpoints
{
    /// <summary>Room for multipart boundaries and the antiforgery field beside the file.</summary>
    private const long FormOverhead = 64 * 1024;
    private const string ErrorPurpose = "place-photo-page-error";

    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api, PlacesOptions o)
    {
        var limit = new RequestSizeLimitAttribute(o.Photos.MaxBytes + FormOverhead);
        api.MapPost("/places/{id:long}/photos", Upload)
            .RequireAuthorization(UnionPolicies.StaffApi).WithTags("Places").WithSummary("上传阵地照片（JPG/PNG）")
            .DisableAntiforgery().WithMetadata(limit).ProducesValidationProblem();
        api.MapDelete("/places/{id:long}/photos/{photoId:long}", Remove)
            .RequireAuthorization(UnionPolicies.StaffApi).WithTags("Places").WithSummary("删除阵地照片");
        app.MapPost("/console/places/{id:long}/photos", UploadFromPage)
            .RequireAuthorization(UnionPolicies.StaffPages).DisableAntiforgery().WithMetadata(limit).ExcludeFromDescription();
        app.MapPost("/console/places/{id:long}/photos/{photoId:long}/delete", RemoveFromPage)
            .RequireAuthorization(UnionPolicies.StaffPages).ExcludeFromDescription();
        app.MapGet("/places/photos/{photoId:long}", Serve).AllowAnonymous().WithTags("Places").WithSummary("阵地照片");
    }

    private static async Task<IResult> Upload(long id, HttpRequest request, PlacePhotos photos, CancellationToken ct)
    {
        try
        {
            var file = await ReadFileAsync(request, photos, ct);
            var photoId = await photos.AddAsync(id, file, ct);
            return TypedResults.Created($"/places/photos/{photoId}", new { id = photoId, url = $"/places/photos/{photoId}" });
        }
        catch (PhotoRejectedException e)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [e.Message] })
            {
                Title = e.Message,
                Status = e.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            });
        }
    }

    private static async Task<NoContent> Remove(long id, long photoId, PlacePhotos photos, CancellationToken ct)
    {
        await photos.RemoveAsync(id, photoId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UploadFromPage(long id, HttpContext context, IAntiforgery antiforgery, PlacePhotos photos, IDataProtectionProvider protection,
        Microsoft.Extensions.Localization.IStringLocalizer<PlacesText> l, CancellationToken ct)
    {
        try
        {
            if (context.Request.ContentLength > photos.Limits.MaxBytes + FormOverhead) throw photos.TooLarge();
            if (!await antiforgery.IsRequestValidAsync(context)) return Expired(l);
            var file = await ReadFileAsync(context.Request, photos, ct);
            await photos.AddAsync(id, file, ct);
            return TypedResults.LocalRedirect($"/console/places/{id}?photo=added#photos");
        }
        catch (Exception e) when (e is PhotoRejectedException or ForbiddenException)
        {
            return TypedResults.LocalRedirect(PageUrl(protection, id, e.Message));
        }
    }

    private static async Task<IResult> RemoveFromPage(long id, long photoId, HttpContext context, IAntiforgery antiforgery, PlacePhotos photos, IDataProtectionProvider protection,
        Microsoft.Extensions.Localization.IStringLocalizer<PlacesText> l, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return Expired(l);
        try
        {
            await photos.RemoveAsync(id, photoId, ct);
            return TypedResults.LocalRedirect($"/console/places/{id}?photo=removed#photos");
        }
        catch (ForbiddenException e)
        {
            return TypedResults.LocalRedirect(PageUrl(protection, id, e.Message));
        }
    }

    /// <summary>A form post without a valid antiforgery token (a forged or stale page): 400, nothing done.</summary>
    private static ProblemHttpResult Expired(Microsoft.Extensions.Localization.IStringLocalizer<PlacesText> l) =>
        TypedResults.Problem(detail: l["页面已过期，请刷新后重新提交"], statusCode: StatusCodes.Status400BadRequest, title: l["请求有误"]);

    private static async Task<IResult> Serve(long photoId, HttpContext context, PlacePhotos photos, CancellationToken ct)
    {
        if (await photos.GetAsync(photoId, ct) is not { } photo) return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    private static async Task<IFormFile?> ReadFileAsync(HttpRequest request, PlacePhotos photos, CancellationToken ct)
    {
        if (request.ContentLength > photos.Limits.MaxBytes + FormOverhead) throw photos.TooLarge();
        if (!request.HasFormContentType) return null;
        try
        {
            var form = await request.ReadFormAsync(ct);
            return form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        }
        catch (InvalidDataException)
        {
            throw photos.TooLarge();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw photos.TooLarge();
        }
    }

    private static string PageUrl(IDataProtectionProvider protection, long id, string error)
    {
        var token = protection.CreateProtector(ErrorPurpose).ToTimeLimitedDataProtector().Protect(error, TimeSpan.FromMinutes(10));
        return $"/console/places/{id}?photoError={Uri.EscapeDataString(token)}#photos";
    }

    /// <summary>The message carried in the page URL, or null when absent, expired or tampered with.</summary>
    public static string? ReadPageError(IDataProtectionProvider protection, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return protection.CreateProtector(ErrorPurpose).ToTimeLimitedDataProtector().Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
