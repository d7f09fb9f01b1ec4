namespace UnionOne.Modules.Libraries.Places;

/// <summary>What the Libraries module needs to know of a union place: its union, whether it is a 职工书屋, whether it is closed (摘牌).</summary>
internal sealed record LibraryPlace(long Id, long UnionId, bool IsLibrary, bool Closed, string Name);

/// <summary>Finds places for the Libraries module (an adapter over the Places module's IPlaceDirectory).</summary>
internal interface ILibraryPlaces
{
    Task<LibraryPlace?> FindAsync(long placeId, CancellationToken ct = default);
}
