using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations;

/// <summary>
/// Who may look at and act on a station: staff with a role on the place's union or an ancestor. Outside that subtree the
/// station is "not found" (404); inside it, a viewer may look but not change (403). Changes need ManagePlaces (chair,
/// vice-chair, officer); delisting (摘牌), a decision of the union's leadership, the tree-administration set (chair, vice-chair).
/// </summary>
internal sealed class StationAccess(StaffGate gate, IPlaceDirectory places, IStringLocalizer<StationsText> l)
{
    public const Permission Manage = Permission.ManagePlaces;
    public const Permission Delist = Permission.AdministerTree;

    /// <summary>Kinds under station management: workers' homes, outdoor-worker stations and workshop rest stations.</summary>
    public static bool IsStation(PlaceKind kind) => kind is PlaceKind.WorkersHome or PlaceKind.OutdoorStation or PlaceKind.WorkshopStation;

    public static readonly short[] StationKinds = [(short)PlaceKind.WorkersHome, (short)PlaceKind.OutdoorStation, (short)PlaceKind.WorkshopStation];

    /// <summary>The station when the current staff member may do <paramref name="permission"/> there; else 404 or 403.</summary>
    public async Task<(PlaceRef Place, StaffScope Scope, UnionSummary Union)> RequireAsync(long placeId, Permission permission, CancellationToken ct)
    {
        var place = await places.FindAsync(placeId, ct);
        if (place is null || !IsStation(place.Kind)) throw new NotFoundException(l["未找到该驿站"]);
        try
        {
            var (scope, union) = await gate.RequireWithScopeAsync(permission, place.UnionId, ct);
            return (place, scope, union);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该驿站"]);
        }
    }

    public Task<SubtreeFilter> SubtreeAsync(Permission permission, long? unionId, CancellationToken ct) => gate.SubtreeAsync(permission, unionId, ct);

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);
}
