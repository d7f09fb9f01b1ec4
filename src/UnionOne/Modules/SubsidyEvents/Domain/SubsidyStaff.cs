using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>
/// Staff checks on an event: 404 outside the staff member's subtree (existence is not leaked), 403 for a role that may only look.
/// Running events, the draw and the door check need <see cref="Manage"/> (the union's place managers, who run the venue).
/// </summary>
internal sealed class SubsidyStaff(StaffGate gate, EventStore events, IStringLocalizer<SubsidyEventsText> l)
{
    public const Permission Manage = Permission.ManagePlaces;

    public async Task<EventRow> RequireAsync(long eventId, Permission permission, CancellationToken ct)
    {
        var e = await events.FindAsync(eventId, ct) ?? throw new NotFoundException(l["未找到该补贴活动"]);
        try
        {
            await gate.RequireAsync(permission, e.UnionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该补贴活动"]);
        }
        return e;
    }

    public Task RequireUnionAsync(long unionId, Permission permission, CancellationToken ct) => gate.RequireAsync(permission, unionId, ct);

    public Task<Organisations.Contracts.SubtreeFilter> SubtreeAsync(CancellationToken ct) => gate.SubtreeAsync(Permission.Read, null, ct);

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);
}
