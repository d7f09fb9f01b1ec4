using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Libraries.Places;

/// <summary>Libraries see places through the Places module's directory.</summary>
internal sealed class PlaceDirectoryAdapter(IPlaceDirectory directory) : ILibraryPlaces
{
    public async Task<LibraryPlace?> FindAsync(long placeId, CancellationToken ct = default) =>
        await directory.FindAsync(placeId, ct) is { } place
            ? new LibraryPlace(place.Id, place.UnionId, place.Kind == PlaceKind.Library, place.Status == PlaceStatus.Closed, place.Name)
            : null;
}
