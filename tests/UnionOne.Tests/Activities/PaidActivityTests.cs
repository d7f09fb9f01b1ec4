using System.Net;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Wallet;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Activities;

/// <summary>
/// A paid activity takes its fee from the member's benefit wallet in the sign-up's transaction and gives it back on cancel;
/// a member who cannot pay is refused and nothing changes; the books balance throughout.
/// </summary>
public sealed class PaidActivityTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task The_fee_is_paid_from_the_wallet_refunded_on_cancel_and_a_short_balance_changes_nothing()
    {
        var w = await ActivityWorld.CreateAsync(app);
        await app.Service<ILedger>().TransferAsync(new LedgerTransfer(TestActors.Unique("topup"), TransferKind.FundTopUp,
            new AccountRef(AccountKind.UnionBank, w.Org.City), AccountRef.Fund(w.Org.City), 1_000_000));
        var rich = await app.FundedMemberAsync(w.Org.FactoryA, w.Org.City, 5_000);
        var poor = await app.FundedMemberAsync(w.Org.FactoryA, w.Org.City, 1_000);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, capacity: 5, change: b => b["feeFen"] = 2_000L);
        var fund = AccountRef.Fund(w.Org.DistrictA);
        var fundBefore = await app.BalanceAsync(fund);

        var signup = (await rich.Api.SignedUpAsync(id)).GetProperty("id").GetInt64();
        (await app.BalanceAsync(AccountRef.Member(rich.Id))).ShouldBe(3_000);
        (await app.BalanceAsync(fund)).ShouldBe(fundBefore + 2_000);
        await app.InvariantsHoldAsync();

        var before = await DisbursementKit.LedgerSnapshotAsync(app);
        var refused = await (await poor.Api.SignUpAsync(id)).ConflictAsync();
        refused.ShouldContain("余额不足");
        (await DisbursementKit.LedgerSnapshotAsync(app)).ShouldBe(before);
        (await app.SignupsAsync(id)).Select(s => s.MemberId).ShouldBe([rich.Id]);

        (await rich.Api.PostAsync($"/api/v1/activities/sign-ups/{signup}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.BalanceAsync(AccountRef.Member(rich.Id))).ShouldBe(5_000);
        (await app.BalanceAsync(fund)).ShouldBe(fundBefore);
        await app.InvariantsHoldAsync();
        // Signing up again pays again, under a new key: the first payment and its refund stay in the history.
        await rich.Api.SignedUpAsync(id);
        (await app.BalanceAsync(AccountRef.Member(rich.Id))).ShouldBe(3_000);
        await app.InvariantsHoldAsync();
    }
}
