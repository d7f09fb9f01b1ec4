using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using UnionOne.Modules.MemberCode.Devices;

namespace UnionOne.Modules.MemberCode.Gate;

/// <summary>A gate page's cookie stops working as soon as its device is revoked (within the registry's cache time).</summary>
internal static class GateCookie
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var registry = context.HttpContext.RequestServices.GetRequiredService<DeviceRegistry>();
        var id = context.Principal?.DeviceId();
        var device = id is null ? null : await registry.FindAsync(id.Value, context.HttpContext.RequestAborted);
        if (device is { Active: true }) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(DeviceAuth.PageScheme);
    }
}
