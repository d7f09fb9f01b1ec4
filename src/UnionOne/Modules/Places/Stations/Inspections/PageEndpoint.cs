using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Inspections;

/// <summary>
/// POST /console/stations/{placeId}/inspections/new: the console's inspection form (multipart, with photos; staff cookie,
/// anti-forgery checked). Redirects back to the history, with a notice or with the reasons (protected, so a link cannot
/// make the page show other text); nothing is stored when the reasons are shown.
/// </summary>
internal static class PageEndpoint
{
    private const string MessagePurpose = "station-inspection-page-message";

    public static string Path(long placeId) => $"/console/stations/{placeId.ToString(CultureInfo.InvariantCulture)}/inspections/new";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/console/stations/{placeId:long}/inspections/new", HandleAsync)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .DisableAntiforgery() // validated explicitly below
            .WithMetadata(Endpoints.UploadLimit(app))
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(long placeId, HttpContext context, IAntiforgery antiforgery, StationAccess access,
        InspectionService inspections, IDataProtectionProvider protection, Microsoft.Extensions.Localization.IStringLocalizer<StationsText> l, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.Problem(detail: l["页面已过期，请刷新后重新提交"], statusCode: StatusCodes.Status400BadRequest, title: l["请求有误"]);
        var (place, scope, _) = await access.RequireAsync(placeId, StationAccess.Manage, ct);
        if (!context.Request.HasFormContentType) return Back(protection, placeId, l["请以 multipart/form-data 上传照片"], error: true);
        var form = await context.Request.ReadFormAsync(ct);
        try
        {
            var input = new InspectionInput(
                Date(form["inspectedOn"]),
                Checked(form, "hasSign"), Checked(form, "hasLayout"), Checked(form, "hasFacilities"), Checked(form, "hasFunctions"),
                Checked(form, "hasRules"), Checked(form, "onMap"), Checked(form, "clean"), Checked(form, "openAsPosted"),
                int.TryParse(form["score"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score) ? score : null,
                form["issues"], Date(form["rectifyBy"]));
            await inspections.CreateAsync(place, scope, input, await Endpoints.ReadPhotosAsync(form.Files, ct), ct);
            return Back(protection, placeId, l["检查已登记"], error: false);
        }
        catch (InputValidationException e)
        {
            return Back(protection, placeId, string.Join("；", e.Errors.SelectMany(x => x.Value)), error: true);
        }
        catch (BusinessRuleException e)
        {
            return Back(protection, placeId, e.Message, error: true);
        }
    }

    private static bool Checked(IFormCollection form, string field) => form[field].Any(v => v is "true" or "on");

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static RedirectHttpResult Back(IDataProtectionProvider protection, long placeId, string message, bool error)
    {
        var token = protection.CreateProtector(MessagePurpose).ToTimeLimitedDataProtector().Protect((error ? "E" : "N") + message, TimeSpan.FromMinutes(10));
        return TypedResults.LocalRedirect($"/console/stations/{placeId.ToString(CultureInfo.InvariantCulture)}/inspections?m={Uri.EscapeDataString(token)}");
    }

    /// <summary>The message carried back (IsError, Text), or null when absent, expired or tampered with.</summary>
    public static (bool IsError, string Text)? ReadMessage(IDataProtectionProvider protection, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var value = protection.CreateProtector(MessagePurpose).ToTimeLimitedDataProtector().Unprotect(token);
            return (value[0] == 'E', value[1..]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
