using System.Globalization;
using System.Security.Claims;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.StaffSignIn;

/// <summary>The signed-in staff account as the claims carry it.</summary>
internal sealed record StaffIdentity(long Id, string UserName, string DisplayName, Guid SecurityStamp, bool MustChangePassword = false)
{
    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
    [
        new Claim(UnionClaims.StaffId, Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(UnionClaims.StaffName, UserName),
        new Claim(UnionClaims.SecurityStamp, SecurityStamp.ToString("D")),
        new Claim(ClaimTypes.Name, UserName),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));
}
