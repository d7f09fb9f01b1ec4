namespace UnionOne.Modules.Merchants.Contracts;

/// <summary>Merchant categories (商户类别) as union recruitment notices list them; each has its own allowed discount range.</summary>
public enum MerchantCategory
{
    Supermarket = 1,
    Bakery = 2,
    ConvenienceStore = 3,
    FarmProduce = 4,
    Restaurant = 5,
    Courier = 6,
    Other = 99,
}

/// <summary>Where a merchant stands in recruitment (公开招募 → 资料背调 → 折扣议价 → 审核公示 → 上线), and after.</summary>
public enum MerchantStatus
{
    Applied = 1,
    Checked = 2,
    Negotiated = 3,
    Publicised = 4,
    Active = 5,
    Suspended = 6,
    Exited = 7,
    Rejected = 8,
}

/// <summary>
/// What other modules may know of a merchant. <see cref="DiscountBasisPoints"/> is the share of the price a member pays, in
/// basis points (8500 = pays 85%, "八五折"); a member is charged round-half-up(amount × bp / 10000) fen.
/// </summary>
public sealed record MerchantRef(
    long Id,
    long UnionId,
    string Name,
    MerchantCategory Category,
    int DiscountBasisPoints,
    MerchantStatus Status,
    string? Address,
    double? Latitude,
    double? Longitude)
{
    public bool CanTakePayments => Status == MerchantStatus.Active;
}

public sealed record NearbyMerchant(MerchantRef Merchant, double DistanceMetres);

/// <summary>Finds merchants for the wallet (tills, member pages, settlement, reports).</summary>
public interface IMerchantDirectory
{
    Task<MerchantRef?> FindAsync(long merchantId, CancellationToken ct = default);

    Task<IReadOnlyList<MerchantRef>> FindManyAsync(IReadOnlyCollection<long> merchantIds, CancellationToken ct = default);

    /// <summary>Active merchants nearest to a point (GCJ-02, as phones report it), nearest first.</summary>
    Task<IReadOnlyList<NearbyMerchant>> NearestActiveAsync(double latitude, double longitude, int take, CancellationToken ct = default);

    /// <summary>Merchants (any status) recruited by these unions (the ids of a staff member's subtree).</summary>
    Task<IReadOnlyList<MerchantRef>> OfUnionsAsync(IReadOnlyCollection<long> unionIds, CancellationToken ct = default);
}

/// <summary>
/// A merchant's till (收银设备): API calls carry "Authorization: Till {id}.{secret}"; the till page in the merchant's browser
/// uses a cookie set after the credential was entered once. Both principals carry the merchant and till ids.
/// </summary>
public static class TillAuth
{
    public const string Scheme = "till";
    public const string PageScheme = "till-page";
    public const string ApiPolicy = "till-api";
    public const string PagePolicy = "till-pages";
    public const string MerchantIdClaim = "uo:merchant";
    public const string TillIdClaim = "uo:till";
    public const string AuthorizationPrefix = "Till ";

    public static long? MerchantId(this System.Security.Claims.ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(MerchantIdClaim)?.Value, out var id) ? id : null;

    public static long? TillId(this System.Security.Claims.ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(TillIdClaim)?.Value, out var id) ? id : null;
}
