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
}
