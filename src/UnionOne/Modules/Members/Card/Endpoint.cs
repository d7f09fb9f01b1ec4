using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Web;

namespace UnionOne.Modules.Members.Card;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder pages) =>
        pages.MapGet("/m/card", async (ICurrentUser user, MemberCards cards, IMemberCodeIssuer codes, HttpResponse response, CancellationToken ct) =>
            {
                var card = user.PhoneHash is { } phoneHash ? await cards.ForPhoneHashAsync(phoneHash, ct) : null;
                var code = card is null ? null : await codes.IssueAsync(card.Id, card.UnionId, card.Name, card.Status == MemberStatus.Active, ct);
                // The code changes on every load: never cached, by the browser or anything in between.
                response.Headers.CacheControl = "no-store";
                return new ComponentDocument<CardDocument>(new Dictionary<string, object?> { [nameof(CardDocument.Card)] = card, [nameof(CardDocument.Code)] = code });
            })
            .RequireAuthorization(UnionPolicies.MemberPages)
            .ExcludeFromDescription();
}
