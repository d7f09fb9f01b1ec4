using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>The columns of merchants.merchants other modules may know (see <see cref="MerchantRef"/>).</summary>
internal sealed record MerchantRefRow(long Id, long UnionId, string Name, short Category, int DiscountBp, short Status, string Address, double? Latitude, double? Longitude)
{
    public const string Columns = """
        m.id, m.union_id as UnionId, m.name, m.category, coalesce(m.discount_bp, m.proposed_discount_bp) as DiscountBp, m.status, m.address, m.latitude, m.longitude
        """;

    public MerchantRef ToRef() =>
        new(Id, UnionId, Name, (MerchantCategory)Category, DiscountBp, (MerchantStatus)Status, Address, Latitude, Longitude);
}
