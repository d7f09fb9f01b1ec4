using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Inspections;

internal sealed record CloseRectificationRequest(string? Note);

internal sealed record InspectionCreated(long Id);

internal sealed record PhotosAdded(int Count);

/// <summary>
/// /api/v1/stations/{placeId}/inspections: history and new inspection (JSON); photos of an inspection (multipart);
/// closing its rectification; the photo bytes (also at /console/stations/photos/{id} for the console's cookie).
/// </summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder pages, IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/stations").WithTags("Stations").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("/{placeId:long}/inspections", ListAsync).WithSummary("驿站的检查记录");
        group.MapPost("/{placeId:long}/inspections", CreateAsync).WithSummary("登记月度检查").ProducesValidationProblem();
        group.MapPost("/inspections/{id:long}/photos", AddPhotosAsync)
            .DisableAntiforgery()
            .WithMetadata(UploadLimit(pages))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("上传检查照片（JPEG/PNG，每张不超过2MB）")
            .ProducesValidationProblem();
        group.MapPost("/inspections/{id:long}/rectification", CloseAsync).WithSummary("整改完成").ProducesValidationProblem();
        group.MapGet("/inspections/photos/{photoId:long}", PhotoAsync).WithSummary("检查照片");
        pages.MapGet("/console/stations/photos/{photoId:long}", PhotoAsync)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<InspectionView>>> ListAsync(long placeId, StationAccess access, InspectionService inspections, CancellationToken ct)
    {
        await access.RequireAsync(placeId, Permission.Read, ct);
        return TypedResults.Ok(await inspections.ListAsync(placeId, ct));
    }

    private static async Task<Created<InspectionCreated>> CreateAsync(long placeId, InspectionInput input, StationAccess access, InspectionService inspections, CancellationToken ct)
    {
        var (place, scope, _) = await access.RequireAsync(placeId, StationAccess.Manage, ct);
        var id = await inspections.CreateAsync(place, scope, input, [], ct);
        return TypedResults.Created($"/api/v1/stations/{placeId}/inspections", new InspectionCreated(id));
    }

    private static async Task<Ok<PhotosAdded>> AddPhotosAsync(long id, HttpRequest request, StationAccess access, InspectionService inspections,
        IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        var placeId = await inspections.PlaceOfAsync(id, ct) ?? throw new NotFoundException(l["未找到该次检查"]);
        await access.RequireAsync(placeId, StationAccess.Manage, ct);
        if (!request.HasFormContentType) throw new InputValidationException("photos", l["请以 multipart/form-data 上传照片"]);
        var form = await request.ReadFormAsync(ct);
        var count = await inspections.AddPhotosAsync(id, await ReadPhotosAsync(form.Files, ct), ct);
        return TypedResults.Ok(new PhotosAdded(count));
    }

    private static async Task<NoContent> CloseAsync(long id, CloseRectificationRequest request, StationAccess access, InspectionService inspections,
        IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        var placeId = await inspections.PlaceOfAsync(id, ct) ?? throw new NotFoundException(l["未找到该次检查"]);
        var (place, scope, _) = await access.RequireAsync(placeId, StationAccess.Manage, ct);
        await inspections.CloseRectificationAsync(id, place.UnionId, scope, request.Note, ct);
        return TypedResults.NoContent();
    }

    private static async Task<FileContentHttpResult> PhotoAsync(long photoId, StationAccess access, InspectionService inspections,
        IStringLocalizer<StationsText> l, HttpResponse response, CancellationToken ct)
    {
        var photo = await inspections.PhotoAsync(photoId, ct) ?? throw new NotFoundException(l["未找到该照片"]);
        await access.RequireAsync(photo.PlaceId, Permission.Read, ct);
        response.Headers.CacheControl = "private, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(photo.Bytes, photo.ContentType, $"inspection-{photo.InspectionId}-{photo.Id.ToString(CultureInfo.InvariantCulture)}{(photo.ContentType == "image/png" ? ".png" : ".jpg")}");
    }

    /// <summary>The request size limit of a photo upload: every photo an inspection may have at the largest size, plus the form.</summary>
    public static Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute UploadLimit(IEndpointRouteBuilder app)
    {
        var o = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<StationOptions>>().Value;
        return new((long)o.MaxPhotosPerInspection * StationOptions.MaxPhotoBytes + 64 * 1024);
    }

    /// <summary>The uploaded files (empty file inputs skipped), read into memory; size and type are checked by the service.</summary>
    public static async Task<List<PhotoUpload>> ReadPhotosAsync(IFormFileCollection files, CancellationToken ct)
    {
        var photos = new List<PhotoUpload>();
        foreach (var file in files)
        {
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName)) continue;
            var name = Platform.Web.UploadFileName.Clean(file.FileName, 60, "照片");
            if (file.Length > StationOptions.MaxPhotoBytes)
            {
                // Not read: one byte over the limit is enough for the check to refuse it.
                photos.Add(new PhotoUpload(name, new byte[StationOptions.MaxPhotoBytes + 1]));
                continue;
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            photos.Add(new PhotoUpload(name, buffer.ToArray()));
        }
        return photos;
    }
}
