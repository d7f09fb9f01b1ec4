using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Domain;

/// <summary>
/// Places as the Bookings module sees them (only through IPlaceDirectory, cached briefly: a booking rush asks for the
/// same place thousands of times), and the staff check on a place: 404 outside the staff member's subtree, 403 for a
/// role that may only look.
/// </summary>
internal sealed class BookingPlaces(IPlaceDirectory directory, IMemoryCache cache, StaffGate gate, IStringLocalizer<BookingsText> l)
{
    /// <summary>Managing resources and marking no-shows needs an acting role (chair, vice-chair, officer); viewers may look.</summary>
    public const Permission Manage = Permission.ManagePlaces;

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(20);

    public async Task<PlaceRef?> FindAsync(long placeId, CancellationToken ct)
    {
        if (cache.TryGetValue(("bookings.place", placeId), out PlaceRef? place)) return place;
        place = await directory.FindAsync(placeId, ct);
        if (place is not null) cache.Set(("bookings.place", placeId), place, CacheFor);
        return place;
    }

    /// <summary>The place, when the current staff member may do <paramref name="permission"/> there.</summary>
    public async Task<PlaceRef> RequireStaffAsync(long placeId, Permission permission, CancellationToken ct)
    {
        var place = await directory.FindAsync(placeId, ct) ?? throw new NotFoundException(l["未找到该场所"]);
        await gate.RequireAsync(permission, place.UnionId, ct);
        return place;
    }

    public Task<bool> StaffCanAsync(PlaceRef place, Permission permission, CancellationToken ct) => gate.CanAsync(permission, place.UnionId, ct);
}
