using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Card;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder pages) =>
        pages.MapGet("/m/card", async (ICurrentUser user, MemberCards cards, CancellationToken ct) =>
            {
                var card = user.PhoneHash is { } phoneHash ? await cards.ForPhoneHashAsync(phoneHash, ct) : null;
                return new RazorComponentResult<CardDocument>(new { Card = card });
            })
            .RequireAuthorization(UnionPolicies.MemberPages)
            .ExcludeFromDescription();
}
