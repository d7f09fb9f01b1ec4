using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.ChangePassword;

internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/staff/password", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .RequireRateLimiting(RateLimiting.IdentityRateLimits.SignInPolicy) // the current password can be guessed here too
            .WithTags("Identity")
            .WithSummary("修改本人密码（旧的令牌和登录随即失效，返回新的令牌）")
            .ProducesValidationProblem();

    private static async Task<SignInHttpResult> Handle(ChangePasswordRequest request, ICurrentUser user, ChangePasswordService passwords, CancellationToken ct)
    {
        var staff = await passwords.ChangeAsync(user.StaffId!.Value, request.CurrentPassword, request.NewPassword, request.ConfirmPassword, ct);
        return TypedResults.SignIn(staff.ToPrincipal(UnionSchemes.Bearer), authenticationScheme: UnionSchemes.Bearer);
    }
}
