using Microsoft.Extensions.Options;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants;

/// <summary>The discount a union may agree with a merchant of a category: the share of the price a member pays, in basis points.</summary>
public sealed class DiscountRange
{
    public int MinBasisPoints { get; set; }

    public int MaxBasisPoints { get; set; }

    public bool Contains(int basisPoints) => basisPoints >= MinBasisPoints && basisPoints <= MaxBasisPoints;
}

/// <summary>Options under "Merchants" (appsettings or environment), validated at start-up.</summary>
internal sealed class MerchantsOptions
{
    public const string Section = "Merchants";

    /// <summary>
    /// Allowed negotiated discount per category. Defaults follow the recruitment notices: food and services down to 70% of
    /// the price (七折), daily goods with thin margins 85%–98%. Configuration overrides a category's range entry by entry.
    /// </summary>
    public Dictionary<MerchantCategory, DiscountRange> Discounts { get; set; } = new()
    {
        [MerchantCategory.Supermarket] = new() { MinBasisPoints = 8500, MaxBasisPoints = 9800 },
        [MerchantCategory.Bakery] = new() { MinBasisPoints = 7000, MaxBasisPoints = 9500 },
        [MerchantCategory.ConvenienceStore] = new() { MinBasisPoints = 8500, MaxBasisPoints = 9800 },
        [MerchantCategory.FarmProduce] = new() { MinBasisPoints = 8000, MaxBasisPoints = 9800 },
        [MerchantCategory.Restaurant] = new() { MinBasisPoints = 7000, MaxBasisPoints = 9500 },
        [MerchantCategory.Courier] = new() { MinBasisPoints = 7000, MaxBasisPoints = 9500 },
        [MerchantCategory.Other] = new() { MinBasisPoints = 7000, MaxBasisPoints = 9800 },
    };

    /// <summary>How long a till's credential check and a merchant's record are served from memory in other instances (this one forgets at once on a change).</summary>
    public int CacheSeconds { get; set; } = 2;

    /// <summary>Applications (the only anonymous write) accepted per client address per minute.</summary>
    public int ApplyPermitsPerMinute { get; set; } = 120;

    public DiscountRange RangeFor(MerchantCategory category) => Discounts[category];
}

internal sealed class MerchantsOptionsValidator : IValidateOptions<MerchantsOptions>
{
    public ValidateOptionsResult Validate(string? name, MerchantsOptions options)
    {
        var failures = new List<string>();
        foreach (var category in Enum.GetValues<MerchantCategory>())
        {
            if (!options.Discounts.TryGetValue(category, out var range) || range is null)
            {
                failures.Add($"Merchants:Discounts:{category} is missing.");
                continue;
            }
            if (range.MinBasisPoints is < 1000 or > 10000 || range.MaxBasisPoints is < 1000 or > 10000)
                failures.Add($"Merchants:Discounts:{category} must lie between 1000 and 10000 basis points.");
            if (range.MinBasisPoints > range.MaxBasisPoints)
                failures.Add($"Merchants:Discounts:{category}: MinBasisPoints must not exceed MaxBasisPoints.");
        }
        if (options.ApplyPermitsPerMinute < 1) failures.Add("Merchants:ApplyPermitsPerMinute must be positive.");
        if (options.CacheSeconds is < 0 or > 60) failures.Add("Merchants:CacheSeconds must be between 0 and 60.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
