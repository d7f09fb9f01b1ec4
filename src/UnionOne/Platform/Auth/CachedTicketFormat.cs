using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace UnionOne.Platform.Auth;

/// <summary>
/// Remembers, for a short while, what a cookie or bearer token decrypts to. Reading a ticket is a data-protection
/// unprotect (a key derivation, AES-CBC and an HMAC) and a deserialisation: on this machine it cost about as much as a
/// whole /ping, on every request of a signed-in user. The mapping from token to ticket never changes, so caching it
/// changes nothing that is checked: expiry is still read from the ticket by the handler on every request, and the
/// security-stamp checks run on every request as before. Only revoking a data-protection key (not something the app
/// does) would take up to <see cref="Lifetime"/> to reach tokens already cached.
/// <para>
/// Keys are SHA-256 of the token (truncated to 128 bits), not the token itself; a token that does not decrypt is not
/// cached. Every caller gets its own copy of the principal and properties, so nothing one request does to them reaches
/// another.
/// </para>
/// </summary>
internal sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, MemoryCache cache) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public ISecureDataFormat<AuthenticationTicket> Inner => inner;

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = KeyOf(protectedText, purpose);
        if (!cache.TryGetValue(key, out AuthenticationTicket? ticket) || ticket is null)
        {
            ticket = inner.Unprotect(protectedText, purpose);
            if (ticket is null) return null;
            using var entry = cache.CreateEntry(key);
            entry.Value = ticket;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
        }
        // ClaimsPrincipal.Clone shares its identities: each is cloned on its own.
        return new AuthenticationTicket(new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }

    private CacheKey KeyOf(string text, string? purpose)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length + (purpose?.Length ?? 0) + 1);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            rented[written++] = 0;
            if (purpose is not null) written += Encoding.UTF8.GetBytes(purpose, rented.AsSpan(written));
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            return new CacheKey(this, BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // The format is part of the key: schemes share one cache, and a cookie of one scheme must never read as another's.
    private readonly record struct CacheKey(CachedTicketFormat Format, ulong High, ulong Low);
}
