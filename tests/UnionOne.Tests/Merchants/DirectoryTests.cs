using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Merchants;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Merchants;

public sealed class DirectoryTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Nearest_active_merchants_come_nearest_first_and_suspended_or_unplaced_ones_are_left_out()
    {
        var world = await MemberWorld.CreateAsync(app);
        // Positions far from every other test's merchants (these tests share one database per class only).
        const double lat = 40.0, lng = 100.0;
        var (far, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "远处超市", MerchantCategory.Supermarket, 9500, lat + 0.02, lng);
        var (near, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "近处面包房", MerchantCategory.Bakery, 8500, lat + 0.001, lng);
        var (middle, _) = await app.CreateActiveMerchantAsync(world.SchoolB, "中间快递点", MerchantCategory.Courier, 8500, lat, lng + 0.01);
        var (suspended, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "暂停的餐馆", MerchantCategory.Restaurant, 9000, lat, lng + 0.0001);
        var (unplaced, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "没有坐标的便利店", MerchantCategory.ConvenienceStore, 9500);
        (await (await app.StaffApiAsync(world.OfficerA)).PostAsJsonAsync($"/api/v1/merchants/{suspended}/suspend", new { reason = "整改期间暂停" })).EnsureSuccessStatusCode();

        var directory = app.Services.GetRequiredService<IMerchantDirectory>();
        var nearest = await directory.NearestActiveAsync(lat, lng, 3);
        nearest.Select(n => n.Merchant.Id).ShouldBe([near, middle, far]);
        nearest[0].DistanceMetres.ShouldBe(111.2, 1.0);
        nearest[1].DistanceMetres.ShouldBe(852, 5);
        nearest.ShouldAllBe(n => n.Merchant.CanTakePayments);
        (await directory.NearestActiveAsync(lat, lng, 100)).Select(n => n.Merchant.Id).ShouldNotContain(suspended);
        (await directory.NearestActiveAsync(lat, lng, 100)).Select(n => n.Merchant.Id).ShouldNotContain(unplaced);

        var many = await directory.FindManyAsync([far, suspended, unplaced, far, 999_999_999]);
        many.Select(m => m.Id).ShouldBe(new[] { far, suspended, unplaced }.Order());
        many.Single(m => m.Id == suspended).Status.ShouldBe(MerchantStatus.Suspended);
        many.Single(m => m.Id == unplaced).Latitude.ShouldBeNull();
        (await directory.FindAsync(999_999_999)).ShouldBeNull();

        // The district's subtree holds the factory's merchants, not the other district's.
        var ofA = await directory.OfUnionsAsync([world.FactoryA]);
        ofA.Select(m => m.Id).ShouldBe(new[] { far, near, suspended, unplaced }.Order());
        (await directory.OfUnionsAsync([world.SchoolB])).Single().Id.ShouldBe(middle);

        var api = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/merchants/nearby?lat={lat}&lng={lng}&take=2");
        api.EnumerateArray().Select(n => n.GetProperty("merchant").GetProperty("id").GetInt64()).ShouldBe([near, middle]);
        api[0].GetProperty("distanceMetres").GetInt32().ShouldBe(111);
        api[0].GetProperty("merchant").GetProperty("discount").GetString().ShouldBe("八五折");
        var bad = await app.CreateClient().GetAsync("/api/v1/merchants/nearby?lat=91&take=500");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadProblemAsync();
        problem.FieldError("lat").ShouldBe("纬度应在-90到90之间");
        problem.FieldError("lng").ShouldBe("经度应在-180到180之间");
        problem.FieldError("take").ShouldBe("每次最多返回100个商户");
    }

    [Theory]
    [InlineData(8500, "八五折", "85折")]
    [InlineData(9000, "九折", "9折")]
    [InlineData(9500, "九五折", "95折")]
    [InlineData(7000, "七折", "7折")]
    [InlineData(8750, "87.5折", "87.5折")]
    public void Discounts_read_as_shops_write_them(int basisPoints, string chinese, string numeric)
    {
        MerchantLabels.DiscountChinese(basisPoints).ShouldBe(chinese);
        MerchantLabels.DiscountShort(basisPoints).ShouldBe(numeric);
    }

    [Fact]
    public void Discount_ranges_are_validated_and_every_category_has_a_sensible_default()
    {
        var defaults = new MerchantsOptions();
        var validator = new MerchantsOptionsValidator();
        validator.Validate(null, defaults).Succeeded.ShouldBeTrue();
        foreach (var category in Enum.GetValues<MerchantCategory>())
        {
            var range = defaults.RangeFor(category);
            range.MinBasisPoints.ShouldBeGreaterThanOrEqualTo(7000);
            range.MaxBasisPoints.ShouldBeLessThan(10000);
        }
        defaults.RangeFor(MerchantCategory.Bakery).Contains(7000).ShouldBeTrue();
        defaults.RangeFor(MerchantCategory.Bakery).Contains(9600).ShouldBeFalse();

        var inverted = new MerchantsOptions();
        inverted.Discounts[MerchantCategory.Courier] = new DiscountRange { MinBasisPoints = 9000, MaxBasisPoints = 8000 };
        validator.Validate(null, inverted).FailureMessage!.ShouldContain("Courier: MinBasisPoints must not exceed MaxBasisPoints");
        var missing = new MerchantsOptions();
        missing.Discounts.Remove(MerchantCategory.Restaurant);
        validator.Validate(null, missing).FailureMessage!.ShouldContain("Merchants:Discounts:Restaurant is missing");
        var outOfRange = new MerchantsOptions();
        outOfRange.Discounts[MerchantCategory.Other] = new DiscountRange { MinBasisPoints = 500, MaxBasisPoints = 12000 };
        validator.Validate(null, outOfRange).FailureMessage!.ShouldContain("between 1000 and 10000");

        // The running app's ranges are the configured ones.
        app.Services.GetRequiredService<IOptions<MerchantsOptions>>().Value.RangeFor(MerchantCategory.Bakery).MinBasisPoints.ShouldBe(7000);
    }
}

public sealed class BadMerchantOptionsApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Merchants:Discounts:Bakery:MinBasisPoints"] = "9900",
        ["Merchants:Discounts:Bakery:MaxBasisPoints"] = "8000",
    };
}

public sealed class MerchantOptionsStartTests(BadMerchantOptionsApp app) : IClassFixture<BadMerchantOptionsApp>
{
    [Fact]
    public void The_app_does_not_start_with_an_inverted_discount_range()
    {
        var e = Should.Throw<Exception>(() => app.CreateClient());
        e.ToString().ShouldContain("Merchants:Discounts:Bakery: MinBasisPoints must not exceed MaxBasisPoints");
    }
}
