using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.StaffSignIn;

/// <summary>POST /console/sign-out from the form on /console/account (anti-forgery checked).</summary>
internal static class SignOutEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/console/sign-out", Handle)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();

    private static async Task<IResult> Handle(HttpContext http, IAuditLog audit)
    {
        if (!await AntiforgeryCheck.IsValidAsync(http)) return AntiforgeryCheck.Refused(http);
        var result = await http.AuthenticateAsync(UnionSchemes.Staff);
        if (result.Principal?.FindFirst(UnionClaims.StaffId)?.Value is { } staffId)
        {
            http.User = result.Principal;
            await audit.WriteAsync(new AuditEntry(IdentityAuditActions.StaffSignedOut, "staff", staffId), ct: http.RequestAborted);
        }
        await http.SignOutAsync(UnionSchemes.Staff);
        return TypedResults.LocalRedirect("/console/sign-in");
    }
}
