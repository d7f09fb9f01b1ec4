using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Identity.MemberSignIn;
using UnionOne.Modules.Identity.RateLimiting;
using UnionOne.Modules.Identity.SecurityStamps;
using UnionOne.Modules.Identity.StaffSignIn;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.RefreshToken;

internal sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// POST /api/v1/auth/refresh: a refresh token for a new token pair. Staff: the account must still be enabled,
/// unlocked and carry the same security stamp. Members: the member id is looked up again (a worker who joined
/// since signing in gets it now; one who left loses it).
/// </summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/refresh", Handle)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.SignInPolicy)
            .WithTags("Identity")
            .WithSummary("以刷新令牌换取新的访问令牌");

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Handle(
        RefreshRequest request, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider clock, SecurityStampCheck stamps,
        NpgsqlDataSource dataSource, IMemberDirectory members, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        var ticket = string.IsNullOrWhiteSpace(request.RefreshToken) ? null
            : bearerOptions.Get(UnionSchemes.Bearer).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
            return Expired(l);

        var principal = ticket.Principal;
        if (principal.FindFirstValue(UnionClaims.StaffId) is { } staffIdText)
        {
            if (!await stamps.IsCurrentAsync(principal, ct)) return Expired(l);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var staff = await conn.QuerySingleOrDefaultAsync<StaffRow>(new CommandDefinition("""
                select id, user_name as UserName, display_name as DisplayName, security_stamp as SecurityStamp
                from identity.staff_users
                where id = @id and not disabled and (locked_until is null or locked_until <= now())
                """, new { id = long.Parse(staffIdText, System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: ct));
            if (staff is null) return Expired(l);
            return TypedResults.SignIn(new StaffIdentity(staff.Id, staff.UserName, staff.DisplayName, staff.SecurityStamp).ToPrincipal(UnionSchemes.Bearer),
                authenticationScheme: UnionSchemes.Bearer);
        }

        if (principal.FindFirstValue(UnionClaims.PhoneHash) is { } phoneHashText && principal.FindFirstValue(UnionClaims.PhoneMasked) is { } masked)
        {
            var phoneHash = Convert.FromBase64String(phoneHashText);
            var member = await members.FindByPhoneHashAsync(phoneHash, ct);
            return TypedResults.SignIn(MemberPrincipal.Create(phoneHash, masked, member, UnionSchemes.Bearer), authenticationScheme: UnionSchemes.Bearer);
        }
        return Expired(l);
    }

    private static ProblemHttpResult Expired(IStringLocalizer<IdentityText> l) =>
        TypedResults.Problem(detail: l["登录已失效，请重新登录"], statusCode: StatusCodes.Status401Unauthorized, title: l["登录已失效"]);

    private sealed record StaffRow(long Id, string UserName, string DisplayName, Guid SecurityStamp);
}
