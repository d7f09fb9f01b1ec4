using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Points;

public sealed class RedemptionTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private PointsWorld w = null!;

    public async Task InitializeAsync() => w = await PointsWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_member_redeems_collects_and_the_books_balance()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var item = await officer.ItemAsync(w.DistrictA, "不锈钢保温杯", price: 800, stock: 5);
        var (member, phone, memberNo) = await app.MemberAsync(w.FactoryA);
        await app.GiveAsync(member, w.DistrictA, 1000);
        var client = app.MemberApi(phone, member);

        var shelf = await (await client.GetAsync("/api/v1/points/me/items")).JsonAsync();
        shelf.GetProperty("balance").GetInt64().ShouldBe(1000);
        var listed = shelf.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == item);
        listed.GetProperty("canRedeem").GetBoolean().ShouldBeTrue();

        var response = await client.RedeemAsync(item, "k-1");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var redemption = await response.JsonAsync();
        var code = redemption.GetProperty("pickupCode").GetString()!;
        code.ShouldMatch("^[0-9]{8}$");
        redemption.GetProperty("status").GetString().ShouldBe("reserved");
        (await app.BalanceAsync(member)).ShouldBe(200);
        (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.PointsRedeemed, w.DistrictA))).ShouldBe(800);
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(4);

        // A retry with the same key answers the first redemption and takes nothing more.
        var retry = await client.RedeemAsync(item, "k-1");
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.JsonAsync()).GetProperty("id").GetInt64().ShouldBe(redemption.GetProperty("id").GetInt64());
        (await app.BalanceAsync(member)).ShouldBe(200);

        // Staff lists hide the code; 核销 by the code the member shows.
        var listedForStaff = await (await officer.GetAsync($"/api/v1/points/redemptions?unionId={w.DistrictA}&status=1")).JsonAsync();
        listedForStaff.EnumerateArray().Single().GetProperty("pickupCode").ValueKind.ShouldBe(JsonValueKind.Null);
        (await (await app.StaffApiAsync(w.OfficerB)).PostAsJsonAsync("/api/v1/points/redemptions/collect", new { code })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.ViewerA)).PostAsJsonAsync("/api/v1/points/redemptions/collect", new { code })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var collected = await officer.PostAsJsonAsync("/api/v1/points/redemptions/collect", new { code = $"{code[..4]} {code[4..]}" });
        collected.StatusCode.ShouldBe(HttpStatusCode.OK, await collected.Content.ReadAsStringAsync());
        var done = await collected.JsonAsync();
        done.GetProperty("status").GetString().ShouldBe("collected");
        done.GetProperty("memberNo").GetString().ShouldBe(memberNo);
        (await officer.PostAsJsonAsync("/api/v1/points/redemptions/collect", new { code })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Collected: cannot be cancelled.
        var cancel = await client.PostAsync($"/api/v1/points/me/redemptions/{done.GetProperty("id").GetInt64()}/cancel", null);
        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.BalanceAsync(member)).ShouldBe(200);

        var history = await (await client.GetAsync("/api/v1/points/me/history")).JsonAsync();
        history.GetProperty("movements").EnumerateArray().Select(m => m.GetProperty("points").GetInt64()).ShouldBe([-800, 1000]);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task Cancelling_an_uncollected_redemption_returns_points_and_stock_once()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var item = await officer.ItemAsync(w.DistrictA, "电影票", price: 600, stock: 3, monthLimit: 1);
        var (member, phone, _) = await app.MemberAsync(w.DistrictA);
        await app.GiveAsync(member, w.City, 700);
        var client = app.MemberApi(phone, member);
        var redemption = await (await client.RedeemAsync(item)).JsonAsync();
        var id = redemption.GetProperty("id").GetInt64();
        (await app.BalanceAsync(member)).ShouldBe(100);

        var cancels = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? client.PostAsync($"/api/v1/points/me/redemptions/{id}/cancel", null)
            : officer.PostAsync($"/api/v1/points/redemptions/{id}/cancel", null)));
        cancels.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await app.BalanceAsync(member)).ShouldBe(700);
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(3);
        (await app.CountAsync("select count(*) from wallet.transfers where kind = 11 and reference = @r", new { r = $"redemption:{id}" })).ShouldBe(1);
        (await app.CountAsync("select taken from points.monthly_taken where item_id = @item and member_id = @member", new { item, member })).ShouldBe(0);

        // The month's limit (1) counts the cancelled one no more: the member may redeem again.
        (await client.RedeemAsync(item)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task Not_enough_points_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "五常大米", price: 1000, stock: 2);
        var (member, phone, _) = await app.MemberAsync(w.FactoryA);
        await app.GiveAsync(member, w.DistrictA, 999);
        var before = await app.SnapshotAsync();

        var response = await app.MemberApi(phone, member).RedeemAsync(item);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("detail").GetString().ShouldBe("积分不足：兑换“五常大米”需要1000积分，您现有999积分");
        problem.GetProperty("code").GetString().ShouldBe("points-short");
        (await app.SnapshotAsync()).ShouldBe(before);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task An_item_off_the_shelf_or_sold_out_is_refused_and_nothing_changes()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var off = await officer.ItemAsync(w.DistrictA, "下架商品", price: 10, stock: 5, onShelf: false);
        var soldOut = await officer.ItemAsync(w.DistrictA, "售罄商品", price: 10, stock: 1);
        (await officer.PutAsJsonAsync($"/api/v1/points/items/{soldOut}", new { name = "售罄商品", price = 10, stock = 0, onShelf = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (member, phone, _) = await app.MemberAsync(w.DistrictA);
        await app.GiveAsync(member, w.DistrictA, 100);
        var client = app.MemberApi(phone, member);
        var shelf = await (await client.GetAsync("/api/v1/points/me/items")).JsonAsync();
        shelf.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldNotContain(off);
        shelf.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == soldOut).GetProperty("canRedeem").GetBoolean().ShouldBeFalse();
        var before = await app.SnapshotAsync();

        var offResponse = await client.RedeemAsync(off);
        offResponse.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await offResponse.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("“下架商品”已下架，暂不能兑换");
        var soldResponse = await client.RedeemAsync(soldOut);
        soldResponse.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await soldResponse.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("“售罄商品”已兑完");
        (await app.SnapshotAsync()).ShouldBe(before);

        // Back on the shelf it can be redeemed.
        (await officer.PostAsJsonAsync($"/api/v1/points/items/{off}/shelf", new { onShelf = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.RedeemAsync(off)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public static TheoryData<string, long?, int?, int?, string> BadItems => new()
    {
        { "price", 0, 10, null, "1至1000000" },
        { "price", -5, 10, null, "1至1000000" },
        { "price", null, 10, null, "1至1000000" },
        { "stock", 100, 0, null, "1至1000000件" },
        { "stock", 100, -1, null, "1至1000000件" },
        { "monthLimit", 100, 10, 0, "1至100件" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task Bad_items_get_field_errors_and_store_nothing(string field, long? price, int? stock, int? monthLimit, string message)
    {
        var before = await app.CountAsync("select count(*) from points.items");
        var response = await (await app.StaffApiAsync(w.OfficerA)).PostAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/items", new { name = "毛巾", price, stock, monthLimit });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.ReadProblemAsync()).FieldError(field).ShouldContain(message);
        (await app.CountAsync("select count(*) from points.items")).ShouldBe(before);
    }

    [Fact]
    public async Task Items_are_managed_by_their_unions_staff_only_and_a_negative_stock_change_is_refused()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var item = await officer.ItemAsync(w.DistrictA, "毛巾", price: 200, stock: 10);
        var body = new { name = "毛巾", price = 200, stock = 20, onShelf = true };
        (await (await app.StaffApiAsync(w.OfficerB)).PutAsJsonAsync($"/api/v1/points/items/{item}", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.ViewerA)).PutAsJsonAsync($"/api/v1/points/items/{item}", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(w.OfficerB)).PostAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/items", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var negative = await officer.PutAsJsonAsync($"/api/v1/points/items/{item}", new { name = "毛巾", price = 200, stock = -3, onShelf = true });
        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await negative.ReadProblemAsync()).FieldError("stock").ShouldContain("0至1000000件");
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(10);
        (await (await app.StaffApiAsync(w.CityOfficer)).PutAsJsonAsync($"/api/v1/points/items/{item}", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(20);
    }

    [Fact]
    public async Task The_same_key_with_a_different_item_is_refused()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var towel = await officer.ItemAsync(w.DistrictA, "毛巾", price: 100, stock: 5);
        var cup = await officer.ItemAsync(w.DistrictA, "保温杯", price: 100, stock: 5);
        var (member, phone, _) = await app.MemberAsync(w.DistrictA);
        await app.GiveAsync(member, w.DistrictA, 500);
        var client = app.MemberApi(phone, member);
        (await client.RedeemAsync(towel, "same-key")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await app.SnapshotAsync();

        var response = await client.RedeemAsync(cup, "same-key");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("该幂等键已用于另一笔不同的请求");
        (await app.SnapshotAsync()).ShouldBe(before);
        var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/me/redemptions") { Content = JsonContent.Create(new { itemId = cup }) };
        var missing = await client.SendAsync(noKey);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.ReadProblemAsync()).FieldError("Idempotency-Key").ShouldContain("Idempotency-Key");
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_member_outside_the_unions_subtree_gets_not_found_and_nothing_changes()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "毛巾", price: 100, stock: 5);
        var (member, phone, _) = await app.MemberAsync(w.DistrictB);
        await app.GiveAsync(member, w.DistrictB, 500);
        var client = app.MemberApi(phone, member);
        (await (await client.GetAsync("/api/v1/points/me/items")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetInt64()).ShouldNotContain(item);
        var before = await app.SnapshotAsync();

        var response = await client.RedeemAsync(item);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("未找到该商品");
        (await app.SnapshotAsync()).ShouldBe(before);

        // A city item is on every district's shelf.
        var cityItem = await (await app.StaffApiAsync(w.CityOfficer)).ItemAsync(w.City, "米", price: 100, stock: 5);
        (await client.RedeemAsync(cityItem)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Someone_who_is_not_an_active_member_cannot_redeem()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "毛巾", price: 1, stock: 5);
        var phone = MemberTestData.Phone();
        var (retired, _) = await app.InsertMemberAsync(w.DistrictA, MemberTestData.Name(), MemberTestData.IdNumber("331002"), phone, status: Modules.Members.Contracts.MemberStatus.Retired);
        await app.GiveAsync(retired, w.DistrictA, 10);
        var response = await app.MemberApi(phone, retired).RedeemAsync(item);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("code").GetString().ShouldBe("not-a-member");
        (await app.MemberApi(MemberTestData.Phone()).RedeemAsync(item)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.BalanceAsync(retired)).ShouldBe(10);
    }
}
