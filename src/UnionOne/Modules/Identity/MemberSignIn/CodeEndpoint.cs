using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.RateLimiting;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.MemberSignIn;

internal sealed record MemberCodeRequest(string? Phone);

internal sealed record MemberCodeAccepted(string Message, int ExpiresInSeconds, int ResendAfterSeconds);

internal sealed class MemberCodeRequestValidator : AbstractValidator<MemberCodeRequest>
{
    public MemberCodeRequestValidator(IStringLocalizer<IdentityText> l)
    {
        RuleFor(r => r.Phone).Custom((phone, context) =>
        {
            if (MobilePhone.TryNormalize(phone, out var error) is null) context.AddFailure(nameof(MemberCodeRequest.Phone), l[error]);
        });
    }
}

/// <summary>POST /api/v1/auth/member/code: sends a sign-in code to the phone by SMS (202), or 429 when asked too often.</summary>
internal static class CodeEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/member/code", Handle)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.CodePolicy)
            .Validate<MemberCodeRequest>()
            .WithTags("Identity")
            .WithSummary("会员登录：发送短信验证码");

    private static async Task<Results<Accepted<MemberCodeAccepted>, ProblemHttpResult>> Handle(
        MemberCodeRequest request, OneTimeCodes codes, Microsoft.Extensions.Options.IOptions<IdentityModuleOptions> options,
        IStringLocalizer<IdentityText> l, HttpContext http, CancellationToken ct)
    {
        var outcome = await codes.IssueAsync(request.Phone, ct);
        if (outcome.Status == CodeIssueStatus.Sent)
        {
            var o = options.Value;
            return TypedResults.Accepted((string?)null, new MemberCodeAccepted(codes.Message(outcome), o.CodeLifetimeMinutes * 60, o.CodeResendSeconds));
        }
        http.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: codes.Message(outcome), statusCode: StatusCodes.Status429TooManyRequests, title: l["请求过于频繁"],
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = outcome.RetryAfterSeconds });
    }
}
