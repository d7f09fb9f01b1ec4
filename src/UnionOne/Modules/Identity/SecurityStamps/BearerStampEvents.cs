using Microsoft.AspNetCore.Authentication.BearerToken;

namespace UnionOne.Modules.Identity.SecurityStamps;

/// <summary>
/// Bearer tokens: the built-in handler has no principal-validation event, so the token is read here, in
/// OnMessageReceived, with the scheme's own protector. A staff token whose security stamp is stale fails;
/// a good one is handed to the handler as the result (it is not decrypted twice). Expired or unreadable
/// tokens are left to the handler, which refuses them as usual.
/// </summary>
internal sealed class BearerStampEvents(SecurityStampCheck check, TimeProvider clock) : BearerTokenEvents
{
    public override async Task MessageReceivedAsync(MessageReceivedContext context)
    {
        await base.MessageReceivedAsync(context);
        if (context.Result is not null) return;

        var token = context.Token ?? TokenFromHeader(context.Request.Headers.Authorization.ToString());
        if (token is null) return;
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires) return;

        if (!await check.IsCurrentAsync(ticket.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The token was issued before the account's security stamp changed.");
            return;
        }
        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static string? TokenFromHeader(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
}
