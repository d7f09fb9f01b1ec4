using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.RateLimiting;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.MemberSignIn;

internal sealed record MemberTokenRequest(string? Phone, string? Code);

/// <summary>POST /api/v1/auth/member/token: phone and one-time code for a bearer token (400 with a field error otherwise).</summary>
internal static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/member/token", Handle)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.SignInPolicy)
            .WithTags("Identity")
            .WithSummary("会员登录：以手机号和验证码换取访问令牌")
            .ProducesValidationProblem();

    private static async Task<SignInHttpResult> Handle(MemberTokenRequest request, OneTimeCodes codes, CancellationToken ct)
    {
        var verified = await codes.VerifyAsync(request.Phone, request.Code, "api", ct);
        return TypedResults.SignIn(MemberPrincipal.Create(verified.PhoneHash, verified.PhoneMasked, verified.ActiveMember, UnionSchemes.Bearer),
            authenticationScheme: UnionSchemes.Bearer);
    }
}
