using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>The answer a gate shows: who (masked), admitted or not, and why not.</summary>
public sealed record GateAnswer(bool Admitted, string Result, string Message, string? MaskedName, long PlaceId, string PlaceName, DateTimeOffset CheckedAt);

/// <summary>
/// Online verification at a gate: signature, expiry, revocation, the place's admission rule, then the single-use record
/// (one entry per code per place and direction). Every scan, admitted or not, becomes an access event of the place.
/// </summary>
internal sealed class GateCheck(
    NpgsqlDataSource dataSource,
    CodeKeyRing keys,
    RevocationCache revocations,
    IOrganisationDirectory unions,
    IAccessEvents accessEvents,
    IOptions<MemberCodeOptions> options,
    TimeProvider clock,
    IStringLocalizer<MemberCodeText> l)
{
    public async Task<GateAnswer> VerifyAsync(GateDevice device, string code, CancellationToken ct)
    {
        await keys.EnsureLoadedAsync(ct);
        var list = await revocations.FreshAsync(ct);
        var now = clock.GetUtcNow();
        var o = options.Value;
        var refusal = CodeRules.Check(code, keys, list, now.ToUnixTimeMilliseconds(), o.LifetimeSeconds, o.ClockSkewSeconds, out var payload);
        if (refusal == CodeRefusal.None) refusal = await PlaceRuleAsync(device, payload!, ct);
        long? memberId = payload is null || refusal == CodeRefusal.Forged ? null : payload.MemberId;

        if (refusal == CodeRefusal.None)
        {
            // One round trip and one commit for an admission: the single-use record and the access event in one batch
            // (one implicit transaction). A replay violates the single-use key, the batch rolls back, and the refusal is logged.
            var admitted = new AccessEvent(device.Place.Id, device.Id, memberId, device.Direction, true, null);
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                await using var batch = new NpgsqlBatch(conn);
                batch.BatchCommands.Add(CodeUses.StrictUseCommand(payload!.Nonce, EntryScope(device), payload.MemberId));
                batch.BatchCommands.Add(accessEvents.RecordCommand(admitted));
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                refusal = CodeRefusal.AlreadyUsed;
            }
        }
        if (refusal != CodeRefusal.None)
        {
            await accessEvents.RecordAsync(new AccessEvent(device.Place.Id, device.Id, memberId, device.Direction, false, RefusalTexts.Result(refusal)), ct);
        }
        return new GateAnswer(refusal == CodeRefusal.None, RefusalTexts.Result(refusal), RefusalTexts.Message(refusal, l),
            refusal == CodeRefusal.Forged ? null : payload?.MaskedName, device.Place.Id, device.Place.Name, now);
    }

    public static string EntryScope(GateDevice device) => $"place:{device.Place.Id}:{(int)device.Direction}";

    private async ValueTask<CodeRefusal> PlaceRuleAsync(GateDevice device, CodePayload payload, CancellationToken ct)
    {
        if (!device.Place.AcceptsVisitors) return CodeRefusal.PlaceClosed;
        if (device.Place.Admits == PlaceAdmission.AllMembers) return CodeRefusal.None;
        var memberUnion = await unions.FindAsync(payload.UnionId, ct);
        return memberUnion is not null && memberUnion.IsWithin(device.PlaceUnion.Path) ? CodeRefusal.None : CodeRefusal.NotAllowedHere;
    }
}
