using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Public;

public sealed record NearbyMerchantView(PublicMerchant Merchant, int DistanceMetres);

internal static class Endpoints
{
    /// <summary>Public: the directory of active merchants, the current notice, merchants near a point.</summary>
    public static void Map(RouteGroupBuilder merchants)
    {
        merchants.MapGet("/public", async Task<Ok<IReadOnlyList<PublicMerchant>>> (string? category, string? q, PublicMerchants list, IStringLocalizer<MerchantsText> l,
                CancellationToken ct) =>
            {
                MerchantCategory? parsed = null;
                if (!string.IsNullOrWhiteSpace(category))
                    parsed = MerchantInput.Category(category, l) ?? throw new InputValidationException("category", l["请选择商户类别"]);
                return TypedResults.Ok(await list.ActiveAsync(parsed, q, ct));
            })
            .WithSummary("已上线的普惠商户名录（公开）");
        merchants.MapGet("/notice", async (PublicMerchants list, CancellationToken ct) => TypedResults.Ok(await list.OnNoticeAsync(ct)))
            .WithSummary("公示中的商户（公开）");
        merchants.MapGet("/nearby", async Task<Ok<List<NearbyMerchantView>>> (double? lat, double? lng, int? take, IMerchantDirectory directory,
                UnionOne.Modules.Organisations.Contracts.IOrganisationDirectory unions, IStringLocalizer<MerchantsText> l, CancellationToken ct) =>
            {
                var errors = new FieldErrors(l);
                if (lat is not { } la || double.IsNaN(la) || la is < -90 or > 90) errors.Add("lat", l["纬度应在-90到90之间"]);
                if (lng is not { } ln || double.IsNaN(ln) || ln is < -180 or > 180) errors.Add("lng", l["经度应在-180到180之间"]);
                if (take is < 1 or > 100) errors.Add("take", l["每次最多返回100个商户"]);
                errors.ThrowIfAny();
                var near = await directory.NearestActiveAsync(lat!.Value, lng!.Value, take ?? 20, ct);
                var result = new List<NearbyMerchantView>();
                foreach (var n in near)
                {
                    var m = n.Merchant;
                    var union = await unions.FindAsync(m.UnionId, ct);
                    result.Add(new NearbyMerchantView(new PublicMerchant(m.Id, m.Name, m.Category, MerchantLabels.Category(m.Category, l), m.DiscountBasisPoints,
                        MerchantLabels.Discount(m.DiscountBasisPoints), m.Address ?? "", m.Latitude, m.Longitude, union?.Name ?? ""), (int)Math.Round(n.DistanceMetres)));
                }
                return TypedResults.Ok(result);
            })
            .WithSummary("附近的普惠商户（GCJ-02 坐标，公开）");
    }
}
