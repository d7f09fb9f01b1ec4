using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.MemberCode.Issue;

public sealed record MyCode(bool Issued, string? Code, DateTimeOffset? ExpiresAt, int RefreshSeconds, string? Reason);

public sealed record PublicKeyView(ushort KeyId, string Scheme, string PublicKey);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/member-codes/mine", async Task<Results<Ok<MyCode>, NotFound>> (ICurrentUser user, IMemberDirectory members, IMemberCodeIssuer issuer, CancellationToken ct) =>
            {
                var member = user.PhoneHash is { } hash ? await members.FindByPhoneHashAsync(hash, ct) : null;
                if (member is null) return TypedResults.NotFound();
                var issue = await issuer.IssueAsync(member.Id, member.UnionId, member.Name, member.Status == MemberStatus.Active, ct);
                return TypedResults.Ok(new MyCode(issue.Issued, issue.Text, issue.ExpiresAt, issue.RefreshSeconds, issue.Reason));
            })
            .RequireAuthorization(UnionPolicies.MemberApi)
            .WithTags("Member code")
            .WithSummary("The signed-in member's current code (text form; refresh every RefreshSeconds)");

        api.MapGet("/member-codes/keys", async (CodeKeyRing keys, CancellationToken ct) =>
                TypedResults.Ok((await keys.PublicKeysAsync(ct)).Select(k => new PublicKeyView(k.KeyId, k.Scheme, Convert.ToBase64String(k.PublicKey))).ToList()))
            .AllowAnonymous()
            .WithTags("Member code")
            .WithSummary("Public keys that verify member codes and device bundles (provisioned into devices)");
    }
}
