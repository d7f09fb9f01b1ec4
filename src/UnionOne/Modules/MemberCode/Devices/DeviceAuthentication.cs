using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.MemberCode.Devices;

internal static class DeviceAuth
{
    /// <summary>API calls from a device: header "Authorization: Device {id}.{secret}".</summary>
    public const string Scheme = "device";

    /// <summary>The gate page in a device's browser: a cookie set after the device's credential was entered once.</summary>
    public const string PageScheme = "gate";

    public const string ApiPolicy = "device-api";
    public const string PagePolicy = "gate-pages";
    public const string DeviceIdClaim = "uo:device";
    public const string AuthorizationPrefix = "Device ";

    public static ClaimsPrincipal Principal(GateDevice device, string scheme) =>
        new(new ClaimsIdentity([new Claim(DeviceIdClaim, device.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, device.Name)], scheme));

    public static long? DeviceId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(DeviceIdClaim)?.Value, out var id) ? id : null;
}

internal sealed class DeviceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    DeviceRegistry devices, IStringLocalizer<MemberCodeText> l)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(DeviceAuth.AuthorizationPrefix, StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var device = await devices.AuthenticateAsync(header[DeviceAuth.AuthorizationPrefix.Length..].Trim(), Context.RequestAborted);
        return device is null
            ? AuthenticateResult.Fail("unknown or revoked device")
            : AuthenticateResult.Success(new AuthenticationTicket(DeviceAuth.Principal(device, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = 401,
            Title = l["设备未登记或已停用"],
            Detail = l["请使用工会登记的设备凭据（Authorization: Device 编号.密钥）"],
        }, options: null, contentType: "application/problem+json");
    }
}
