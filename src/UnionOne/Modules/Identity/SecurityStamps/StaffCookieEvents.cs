using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace UnionOne.Modules.Identity.SecurityStamps;

/// <summary>Staff cookie: rejects (and deletes) a cookie whose security stamp is no longer the account's.</summary>
internal sealed class StaffCookieEvents(SecurityStampCheck check) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await check.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        await base.ValidatePrincipal(context);
    }
}
