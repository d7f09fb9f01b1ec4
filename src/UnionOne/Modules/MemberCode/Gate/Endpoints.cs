using Microsoft.AspNetCore.Authentication;
using UnionOne.Modules.MemberCode.Devices;

namespace UnionOne.Modules.MemberCode.Gate;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/gate/sign-out", async (HttpContext http) =>
            {
                await http.SignOutAsync(DeviceAuth.PageScheme);
                return TypedResults.Redirect("/gate/sign-in");
            })
            .ExcludeFromDescription();
}
