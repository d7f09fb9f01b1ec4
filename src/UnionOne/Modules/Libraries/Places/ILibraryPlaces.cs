namespace UnionOne.Modules.Libraries.Places;

/// <summary>What the Libraries module needs to know of a union place.</summary>
internal sealed record LibraryPlace(long Id, long UnionId, string Kind, string Name)
{
    /// <summary>The place kind of a worker library.</summary>
    public const string LibraryKind = "职工书屋";

    public bool IsLibrary => Kind == LibraryKind;
}

/// <summary>Finds places for the Libraries module (an adapter over the Places module's directory).</summary>
internal interface ILibraryPlaces
{
    Task<LibraryPlace?> FindAsync(long placeId, CancellationToken ct = default);
}
