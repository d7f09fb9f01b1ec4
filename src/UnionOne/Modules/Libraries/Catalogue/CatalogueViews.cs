namespace UnionOne.Modules.Libraries.Catalogue;

internal sealed record LibraryView(long PlaceId, long UnionId, string Name, int Titles, int Copies, int OnLoan);

/// <summary>A title to add to a library: ISBN-13 or ISBN-10, and either a number of copies (barcodes minted) or the barcodes on the books.</summary>
internal sealed record TitleInput(string? Isbn, string? Title, string? Author, string? Publisher, int Copies = 1, string[]? Barcodes = null);

internal sealed record CopiesInput(int Count = 1, string[]? Barcodes = null);

internal sealed record TitleView(long Id, long LibraryPlaceId, string Isbn, string Title, string Author, string Publisher, int Copies, int Available);

internal sealed record CopyView(long Id, long TitleId, string Barcode, string Title, string Isbn, long HomePlaceId, long LocationPlaceId, string LocationName,
    bool OnLoan, DateOnly? DueOn, bool Withdrawn);

internal sealed record AddedTitle(TitleView Title, IReadOnlyList<string> NewBarcodes);

/// <summary>A catalogue hit for members: one title at one library where copies stand, with how many are on the shelf.</summary>
internal sealed record CatalogueHit(string Isbn, string Title, string Author, string Publisher, long LibraryPlaceId, string LibraryName, int Copies, int Available);
