using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants.Tills;

/// <summary>API calls from a till: header "Authorization: Till {id}.{secret}".</summary>
internal sealed class TillAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TillRegistry tills, IStringLocalizer<MerchantsText> l)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(TillAuth.AuthorizationPrefix, StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var till = await tills.AuthenticateAsync(header[TillAuth.AuthorizationPrefix.Length..].Trim(), Context.RequestAborted);
        return till is null
            ? AuthenticateResult.Fail("unknown or revoked till, or merchant not active")
            : AuthenticateResult.Success(new AuthenticationTicket(till.Principal(Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = 401,
            Title = l["收银设备未登记、已停用，或商户未在营业"],
            Detail = l["请使用工会登记的收银设备凭据（Authorization: Till 编号.密钥）"],
        }, options: null, contentType: "application/problem+json");
    }
}

/// <summary>The till page's cookie stops working as soon as the till is revoked or its merchant suspended or exited.</summary>
internal static class TillCookie
{
    public const string Name = "uo.till";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var registry = context.HttpContext.RequestServices.GetRequiredService<TillRegistry>();
        var id = context.Principal?.TillId();
        var till = id is null ? null : await registry.FindAsync(id.Value, context.HttpContext.RequestAborted);
        if (till is { CanAuthenticate: true } && till.MerchantId == context.Principal!.MerchantId()) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(TillAuth.PageScheme);
    }
}
