using System.Globalization;
using System.Security.Claims;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.MemberSignIn;

/// <summary>
/// The claims of a person signed in by phone: the phone's look-up hash and masked form, and the member id when
/// the phone belongs to an active member. A worker who is not (yet) a member signs in too, to join.
/// </summary>
internal static class MemberPrincipal
{
    public static ClaimsPrincipal Create(byte[] phoneHash, string phoneMasked, MemberRef? member, string scheme)
    {
        var claims = new List<Claim>
        {
            new(UnionClaims.PhoneHash, Convert.ToBase64String(phoneHash)),
            new(UnionClaims.PhoneMasked, phoneMasked),
            new(ClaimTypes.Name, phoneMasked),
        };
        if (member is { Status: MemberStatus.Active })
            claims.Add(new Claim(UnionClaims.MemberId, member.Id.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
