using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Import.Upload;

/// <summary>
/// POST /console/imports/upload: the console's upload form (staff cookie, anti-forgery checked). Redirects to the
/// report page, or back to the form with the reason (protected, so a link cannot make the page show other text).
/// </summary>
internal static class PageEndpoint
{
    public const string Path = "/console/imports/upload";
    private const string ErrorPurpose = "member-import-page-error";

    public static void Map(IEndpointRouteBuilder app, MemberImportOptions o) =>
        app.MapPost(Path, Handle)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .DisableAntiforgery() // validated explicitly below, after the size check
            .WithMetadata(new RequestSizeLimitAttribute(UploadedFile.RequestLimit(o)))
            .ExcludeFromDescription();

    private static async Task<IResult> Handle(HttpContext context, IAntiforgery antiforgery, ImportAccess access, MemberImporter importer,
        ICurrentUser user, IDataProtectionProvider protection, CancellationToken ct)
    {
        var o = UploadedFile.Options(context);
        long unionId = 0;
        try
        {
            if (context.Request.ContentLength > UploadedFile.RequestLimit(o)) throw UploadedFile.TooLarge(o);
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.Problem(detail: "页面已过期，请刷新后重新提交", statusCode: StatusCodes.Status400BadRequest, title: "请求有误");
            (unionId, var file) = await UploadedFile.ReadAsync(context.Request, o, ct);
            await access.RequireAsync(unionId, Permission.ManageMembers, ct);
            await using var stream = file.OpenReadStream();
            var summary = await importer.ValidateAsync(unionId, stream, file.FileName, user.StaffId, ct);
            return TypedResults.LocalRedirect($"/console/imports/{summary.ImportId}");
        }
        catch (Exception e) when (e is ImportFileException or InputValidationException or BusinessRuleException or ForbiddenException)
        {
            var message = e is InputValidationException v ? string.Join("；", v.Errors.SelectMany(x => x.Value)) : e.Message;
            return TypedResults.LocalRedirect(FormUrl(protection, unionId, message));
        }
    }

    public static string FormUrl(IDataProtectionProvider protection, long unionId, string error)
    {
        var token = protection.CreateProtector(ErrorPurpose).ToTimeLimitedDataProtector().Protect(error, TimeSpan.FromMinutes(10));
        var union = unionId > 0 ? $"unionId={unionId}&" : "";
        return $"/console/imports?{union}error={Uri.EscapeDataString(token)}";
    }

    /// <summary>The message carried by <see cref="FormUrl"/>, or null when absent, expired or tampered with.</summary>
    public static string? ReadError(IDataProtectionProvider protection, string? token)
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
