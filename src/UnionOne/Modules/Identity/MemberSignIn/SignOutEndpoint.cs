using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.MemberSignIn;

/// <summary>POST /m/sign-out from the form on /m/sign-in (anti-forgery checked).</summary>
internal static class SignOutEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/m/sign-out", Handle)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();

    private static async Task<IResult> Handle(HttpContext http, CancellationToken ct)
    {
        if (!await AntiforgeryCheck.IsValidAsync(http)) return AntiforgeryCheck.Refused(http);
        await http.SignOutAsync(UnionSchemes.Member);
        return TypedResults.LocalRedirect("/m/sign-in");
    }
}
