using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.RateLimiting;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.StaffSignIn;

internal sealed record StaffTokenRequest(string? UserName, string? Password);

internal sealed class StaffTokenRequestValidator : AbstractValidator<StaffTokenRequest>
{
    public StaffTokenRequestValidator(IStringLocalizer<IdentityText> l)
    {
        RuleFor(r => r.UserName).NotEmpty().WithMessage(_ => l["请填写用户名"]).MaximumLength(64).WithMessage(_ => l["用户名过长"]);
        RuleFor(r => r.Password).NotEmpty().WithMessage(_ => l["请填写密码"]).MaximumLength(128).WithMessage(_ => l["密码过长"]);
    }
}

/// <summary>POST /api/v1/auth/staff/token: user name and password for a bearer token (same lock-out as the page).</summary>
internal static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/staff/token", Handle)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.SignInPolicy)
            .Validate<StaffTokenRequest>()
            .WithTags("Identity")
            .WithSummary("工会干部登录，换取访问令牌");

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Handle(StaffTokenRequest request, StaffSignInService signIn, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        var outcome = await signIn.SignInAsync(request.UserName!, request.Password!, "api", ct);
        if (outcome.Status == StaffSignInStatus.Succeeded)
            return TypedResults.SignIn(outcome.Staff!.ToPrincipal(UnionSchemes.Bearer), authenticationScheme: UnionSchemes.Bearer);
        return TypedResults.Problem(
            detail: signIn.Message(outcome),
            statusCode: StatusCodes.Status401Unauthorized,
            title: l["登录失败"],
            extensions: new Dictionary<string, object?> { ["code"] = outcome.Status == StaffSignInStatus.LockedOut ? "locked-out" : "invalid-credentials" });
    }
}
