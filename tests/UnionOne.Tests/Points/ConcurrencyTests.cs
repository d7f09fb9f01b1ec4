using System.Net;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Points;

public sealed class ConcurrencyTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private PointsWorld w = null!;

    public async Task InitializeAsync() => w = await PointsWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Fifty_members_racing_for_ten_items_ten_get_one_and_the_rest_keep_their_points()
    {
        var item = await (await app.StaffApiAsync(w.CityOfficer)).ItemAsync(w.City, "限量保温杯", price: 300, stock: 10);
        var members = new List<(long Id, string Phone)>();
        for (var i = 0; i < 50; i++)
        {
            var (id, phone, _) = await app.MemberAsync(i % 2 == 0 ? w.FactoryA : w.DistrictB);
            await app.GiveAsync(id, w.City, 500);
            members.Add((id, phone));
        }
        var clients = members.Select(m => app.MemberApi(m.Phone, m.Id)).ToList();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = clients.Select(async c =>
        {
            await gate.Task;
            return await c.RedeemAsync(item);
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(racing);

        var codes = results.Select(r => r.StatusCode).ToList();
        codes.Count(c => c == HttpStatusCode.Created).ShouldBe(10, string.Join(",", codes) + app.Errors);
        codes.Count(c => c == HttpStatusCode.Conflict).ShouldBe(40, app.Errors);
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(0);
        (await app.CountAsync("select redeemed from points.items where id = @item", new { item })).ShouldBe(10);
        (await app.CountAsync("select count(*) from points.redemptions where item_id = @item", new { item })).ShouldBe(10);
        (await app.CountAsync("select count(*) from wallet.transfers where kind = 9 and reference in (select 'redemption:' || id from points.redemptions where item_id = @item)", new { item })).ShouldBe(10);
        (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.PointsRedeemed, w.City))).ShouldBe(3000);
        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberPoints, members.Select(m => m.Id).ToList());
        balances.Values.Count(b => b == 200).ShouldBe(10);
        balances.Values.Count(b => b == 500).ShouldBe(40);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task One_member_hammering_an_item_limited_to_two_a_month_gets_exactly_two()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "纯棉毛巾", price: 50, stock: 100, monthLimit: 2);
        var (member, phone, _) = await app.MemberAsync(w.FactoryA);
        await app.GiveAsync(member, w.DistrictA, 5000);
        var client = app.MemberApi(phone, member);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => client.RedeemAsync(item))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(2, app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(28, app.Errors);
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.Conflict);
        (await Identity.IdentityTestKit.ReadProblemAsync(refused)).GetProperty("detail").GetString().ShouldBe("“纯棉毛巾”每人每月限兑2件，您本月已兑满");
        (await app.BalanceAsync(member)).ShouldBe(4900);
        (await app.CountAsync("select stock from points.items where id = @item", new { item })).ShouldBe(98);
        (await app.CountAsync("select taken from points.monthly_taken where item_id = @item and member_id = @member", new { item, member })).ShouldBe(2);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task The_database_refuses_negative_stock_and_passing_the_limit_whatever_the_code_does()
    {
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "约束测试", price: 1, stock: 1, monthLimit: 1);
        await using var conn = await app.OpenAsync();
        var stock = await Should.ThrowAsync<Npgsql.PostgresException>(() => Dapper.SqlMapper.ExecuteAsync(conn, "update points.items set stock = stock - 2 where id = @item", new { item }));
        stock.SqlState.ShouldBe("23514");
        await Dapper.SqlMapper.ExecuteAsync(conn, "insert into points.monthly_taken (item_id, member_id, month, taken, max_taken) values (@item, 1, date '2026-11-01', 1, 1)", new { item });
        var limit = await Should.ThrowAsync<Npgsql.PostgresException>(() => Dapper.SqlMapper.ExecuteAsync(conn, "update points.monthly_taken set taken = 2 where item_id = @item", new { item }));
        limit.SqlState.ShouldBe("23514");
    }
}
