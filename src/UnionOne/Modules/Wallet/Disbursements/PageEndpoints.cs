using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Wallet.Disbursements.Upload;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements;

/// <summary>
/// POST /console/wallet/disbursements/upload: the console's list upload (multipart, staff cookie, anti-forgery checked).
/// Redirects to the check report, or back to the form with the reasons (protected, so a link cannot make the page show other
/// text); nothing is stored when the reasons are shown.
/// </summary>
internal static class PageEndpoints
{
    public const string UploadPath = "/console/wallet/disbursements/upload";
    private const string MessagePurpose = "disbursement-upload-page-message";

    public static void Map(IEndpointRouteBuilder app)
    {
        var o = app.ServiceProvider.GetRequiredService<IOptions<DisbursementOptions>>().Value;
        app.MapPost(UploadPath, UploadAsync)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .DisableAntiforgery() // validated explicitly below, after the size check
            .WithMetadata(new RequestSizeLimitAttribute(UploadForm.RequestLimit(o)))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IAntiforgery antiforgery, UploadService uploads, IOptions<DisbursementOptions> options,
        IDataProtectionProvider protection, IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        long unionId = 0;
        try
        {
            if (context.Request.ContentLength > UploadForm.RequestLimit(options.Value)) throw UploadForm.TooLarge(options.Value, l);
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.Problem(detail: l["页面已过期，请刷新后重新提交"], statusCode: StatusCodes.Status400BadRequest, title: l["请求有误"]);
            var (input, file, errors) = await UploadForm.ReadAsync(context.Request, options.Value, l, ct);
            unionId = input.UnionId;
            await using var stream = file.OpenReadStream();
            var id = await uploads.CheckAsync(input with { File = stream }, errors, ct);
            return TypedResults.LocalRedirect($"/console/wallet/disbursements/uploads/{id.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (Exception e) when (e is InputValidationException or BusinessRuleException or ForbiddenException or NotFoundException)
        {
            var message = e is InputValidationException v ? string.Join("；", v.Errors.SelectMany(x => x.Value)) : e.Message;
            return TypedResults.LocalRedirect(FormUrl(protection, unionId, message));
        }
    }

    public static string FormUrl(IDataProtectionProvider protection, long unionId, string error)
    {
        var token = protection.CreateProtector(MessagePurpose).ToTimeLimitedDataProtector().Protect(error, TimeSpan.FromMinutes(10));
        var union = unionId > 0 ? $"unionId={unionId.ToString(CultureInfo.InvariantCulture)}&" : "";
        return $"/console/wallet/disbursements/new?{union}error={Uri.EscapeDataString(token)}#upload";
    }

    /// <summary>The message carried by <see cref="FormUrl"/>, or null when absent, expired or tampered with.</summary>
    public static string? ReadError(IDataProtectionProvider protection, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return protection.CreateProtector(MessagePurpose).ToTimeLimitedDataProtector().Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
