using Dapper;
using Microsoft.Extensions.Hosting;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet;

public sealed class LedgerTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private ILedger Ledger => app.Service<ILedger>();

    private async Task<long> FundedUnionAsync(long fen)
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("钱包工会"), UnionLevel.Grassroots);
        await Ledger.TransferAsync(new LedgerTransfer(TestActors.Unique("topup"), TransferKind.FundTopUp, new AccountRef(AccountKind.UnionBank, union), AccountRef.Fund(union), fen));
        return union;
    }

    [Fact]
    public async Task A_top_up_and_a_disbursement_move_money_once_and_the_books_balance()
    {
        var union = await FundedUnionAsync(100_000);
        var members = new long[] { 9_000_001, 9_000_002, 9_000_003 };
        var key = TestActors.Unique("disb");

        var first = await Ledger.CreditMembersAsync(key, AccountRef.Fund(union), members, [10_000, 20_000, 30_000], FundTerms.General, "disbursement:1", "生日福利", null);
        var again = await Ledger.CreditMembersAsync(key, AccountRef.Fund(union), members, [10_000, 20_000, 30_000], FundTerms.General, "disbursement:1", "生日福利", null);

        first.Replayed.ShouldBeFalse();
        again.ShouldBe(first with { Replayed = true });
        (await Ledger.BalanceAsync(AccountRef.Fund(union))).ShouldBe(40_000);
        (await Ledger.BalanceAsync(AccountRef.Member(9_000_002))).ShouldBe(20_000);
        (await Ledger.CheckInvariantsAsync()).ShouldAllBe(r => r.Violations == 0);
    }

    [Fact]
    public async Task The_same_key_with_a_different_amount_is_refused_and_changes_nothing()
    {
        var union = await FundedUnionAsync(50_000);
        var key = TestActors.Unique("k");
        await Ledger.CreditMembersAsync(key, AccountRef.Fund(union), [9_100_001], [1_000], FundTerms.General, null, "", null);
        var before = await SnapshotAsync();

        var e = await Should.ThrowAsync<BusinessRuleException>(() => Ledger.CreditMembersAsync(key, AccountRef.Fund(union), [9_100_001], [2_000], FundTerms.General, null, "", null));

        e.Message.ShouldContain("幂等键");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_fund_cannot_go_below_zero_and_a_short_disbursement_credits_nobody()
    {
        var union = await FundedUnionAsync(5_000);
        var before = await SnapshotAsync();

        var e = await Should.ThrowAsync<BusinessRuleException>(() =>
            Ledger.CreditMembersAsync(TestActors.Unique("d"), AccountRef.Fund(union), [9_200_001, 9_200_002], [3_000, 3_000], FundTerms.General, null, "", null));

        e.Message.ShouldBe("余额不足");
        (await SnapshotAsync()).ShouldBe(before);
        (await Ledger.BalanceAsync(AccountRef.Member(9_200_001))).ShouldBe(0);
    }

    [Fact]
    public async Task A_transfer_to_the_same_account_is_refused_by_the_code_and_by_the_database()
    {
        var union = await FundedUnionAsync(5_000);
        await Should.ThrowAsync<BusinessRuleException>(() => Ledger.TransferAsync(
            new LedgerTransfer(TestActors.Unique("self"), TransferKind.Adjustment, AccountRef.Fund(union), AccountRef.Fund(union), 100)));

        await using var conn = await app.OpenAsync();
        var fund = await conn.ExecuteScalarAsync<long>("select id from wallet.accounts where kind = 2 and owner_id = @union", new { union });
        var e = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync(
            "select * from wallet.post(@key, 10::smallint, array[@fund, @fund], array[-100::bigint, 100::bigint])", new { key = TestActors.Unique("self"), fund }));
        e.SqlState.ShouldBe("U0006");
        (await Ledger.BalanceAsync(AccountRef.Fund(union))).ShouldBe(5_000);
    }

    [Fact]
    public async Task Posted_rows_cannot_be_changed_and_a_negative_member_balance_is_impossible_in_the_database()
    {
        var union = await FundedUnionAsync(5_000);
        await using var conn = await app.OpenAsync();

        var update = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("update wallet.postings set amount = amount * 2"));
        update.SqlState.ShouldBe("U0020");
        var delete = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("delete from wallet.transfers"));
        delete.SqlState.ShouldBe("U0020");
        var negative = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync(
            "update wallet.accounts set balance = -1 where kind = 2 and owner_id = @union", new { union }));
        negative.ConstraintName.ShouldBe("balance_not_negative");
    }

    [Fact]
    public async Task A_reversal_points_to_the_original_and_happens_once()
    {
        var union = await FundedUnionAsync(10_000);
        var credit = await Ledger.CreditMembersAsync(TestActors.Unique("d"), AccountRef.Fund(union), [9_300_001], [4_000], FundTerms.General, null, "", null);

        var reversal = await Ledger.ReverseAsync(credit.TransferId, TestActors.Unique("rev"), "发错了", null);
        var second = await Should.ThrowAsync<BusinessRuleException>(() => Ledger.ReverseAsync(credit.TransferId, TestActors.Unique("rev"), "再冲一次", null));

        second.Message.ShouldContain("冲正");
        (await Ledger.BalanceAsync(AccountRef.Fund(union))).ShouldBe(10_000);
        (await Ledger.BalanceAsync(AccountRef.Member(9_300_001))).ShouldBe(0);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select reverses_id from wallet.transfers where id = @id", new { id = reversal.TransferId })).ShouldBe(credit.TransferId);
        (await Ledger.CheckInvariantsAsync()).ShouldAllBe(r => r.Violations == 0);
    }

    [Fact]
    public async Task Expired_funds_return_to_the_union_fund_that_issued_them()
    {
        var union = await FundedUnionAsync(30_000);
        var member = 9_400_001L;
        await Ledger.CreditMembersAsync(TestActors.Unique("cake"), AccountRef.Fund(union), [member], [10_000],
            new FundTerms("生日蛋糕", [MerchantCategory.Bakery], DateTime.UtcNow.AddSeconds(1)), null, "", null);
        await Ledger.CreditMembersAsync(TestActors.Unique("gen"), AccountRef.Fund(union), [member], [5_000], FundTerms.General, null, "", null);
        (await Ledger.OpenFundsAsync(member)).Select(f => f.Purpose).ShouldBe(["生日蛋糕", ""]);

        await Task.Delay(1200);
        await app.Service<IEnumerable<IHostedService>>().OfType<WalletWorker>().Single().RunOnceAsync(CancellationToken.None);

        (await Ledger.BalanceAsync(AccountRef.Member(member))).ShouldBe(5_000);
        (await Ledger.BalanceAsync(AccountRef.Fund(union))).ShouldBe(25_000);
        (await Ledger.HistoryAsync(AccountRef.Member(member), 10))[0].Kind.ShouldBe(TransferKind.Expiry);
        (await Ledger.CheckInvariantsAsync()).ShouldAllBe(r => r.Violations == 0);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var conn = await app.OpenAsync();
        var parts = await conn.QueryAsync<string>("""
            select 'a' || string_agg(id || ':' || balance, ',' order by id) from wallet.accounts
            union all select 't' || count(*) from wallet.transfers
            union all select 'p' || count(*) from wallet.postings
            union all select 'l' || string_agg(id || ':' || remaining, ',' order by id) from wallet.lots
            """);
        return string.Join('|', parts);
    }
}
