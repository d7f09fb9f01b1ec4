using Microsoft.AspNetCore.Antiforgery;

namespace UnionOne.Modules.Identity;

/// <summary>For form posts to minimal endpoints (sign-out): the anti-forgery middleware's verdict, or a check of our own without it.</summary>
internal static class AntiforgeryCheck
{
    public static async Task<bool> IsValidAsync(HttpContext http)
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { } verdict) return verdict.IsValid;
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }

    /// <summary>400 with a message (a body, so the status-code page does not replace it).</summary>
    public static IResult Refused(HttpContext http)
    {
        var l = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<IdentityText>>();
        return TypedResults.Problem(detail: l["页面已过期，请返回刷新后重试"], statusCode: StatusCodes.Status400BadRequest);
    }
}
