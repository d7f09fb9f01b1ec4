using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Merchants;

/// <summary>The helper other modules' tests use gives an active merchant whose till authenticates, through the real services.</summary>
public sealed class TestHelperTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Create_active_merchant_gives_an_active_merchant_with_a_working_till()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (merchantId, credential) = await app.CreateActiveMerchantAsync(world.FactoryA, "玉环甜心蛋糕店", MerchantCategory.Bakery, 8500, 28.13, 121.23);

        var merchant = await app.Services.GetRequiredService<IMerchantDirectory>().FindAsync(merchantId);
        merchant.ShouldNotBeNull();
        merchant.Status.ShouldBe(MerchantStatus.Active);
        merchant.CanTakePayments.ShouldBeTrue();
        merchant.DiscountBasisPoints.ShouldBe(8500);
        merchant.Category.ShouldBe(MerchantCategory.Bakery);
        merchant.UnionId.ShouldBe(world.FactoryA);
        merchant.Name.ShouldBe("玉环甜心蛋糕店");

        var till = app.CreateClient();
        till.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Till", credential);
        var me = await till.GetAsync("/api/v1/till/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("merchantId").GetInt64().ShouldBe(merchantId);
        body.GetProperty("discountBasisPoints").GetInt32().ShouldBe(8500);
    }
}
