using System.Globalization;
using System.Security.Claims;

namespace UnionOne.Platform.Auth;

/// <summary>Who is calling, whichever scheme authenticated them (cookie or bearer).</summary>
public interface ICurrentUser
{
    long? StaffId { get; }

    string? StaffName { get; }

    long? MemberId { get; }

    byte[]? PhoneHash { get; }

    string? PhoneMasked { get; }

    string? RemoteIp { get; }
}

internal sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    public long? StaffId => Long(UnionClaims.StaffId);

    public string? StaffName => User?.FindFirstValue(UnionClaims.StaffName);

    public long? MemberId => Long(UnionClaims.MemberId);

    public byte[]? PhoneHash => User?.FindFirstValue(UnionClaims.PhoneHash) is { } v ? Convert.FromBase64String(v) : null;

    public string? PhoneMasked => User?.FindFirstValue(UnionClaims.PhoneMasked);

    public string? RemoteIp => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private long? Long(string type)
    {
        // A person may hold both a staff and a member cookie; each page authenticates with its own scheme,
        // so the claim is looked up on every identity of the principal.
        var value = User?.Identities.SelectMany(i => i.Claims).FirstOrDefault(c => c.Type == type)?.Value;
        return value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
    }
}
