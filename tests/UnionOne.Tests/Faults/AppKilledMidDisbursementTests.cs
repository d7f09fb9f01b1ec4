using System.Net;
using System.Net.Http.Json;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Faults;

/// <summary>The app in this process only prepares and approves (its posting worker is off); a child process posts.</summary>
public sealed class CrashableWorkerApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Wallet:Disbursements:WorkerEnabled"] = "false",
        ["Wallet:Disbursements:ChunkSize"] = "50",
        ["Wallet:Disbursements:Parallelism"] = "1",
    };
}

/// <summary>
/// Fault suite: the app is SIGKILLed while its worker credits a disbursement chunk by chunk, then started again. Every round
/// must resume where the dead process stopped: every member credited exactly once per disbursement, nobody skipped, nothing
/// left in transit, and the books balance.
/// </summary>
[Trait("Suite", "Faults")]
public sealed class AppKilledMidDisbursementTests(CrashableWorkerApp app) : IClassFixture<CrashableWorkerApp>
{
    private const int Members = 4_000;

    [Fact]
    public async Task A_disbursement_interrupted_by_SIGKILL_resumes_after_restart_without_crediting_anyone_twice()
    {
        var rounds = FaultRounds.Count;
        var w = await DisbursementWorld.CreateAsync(app);
        var members = await app.InsertMembersAsync(w.FactoryA, Members);
        var amounts = Enumerable.Range(1, rounds).Select(r => 1_000L + r).ToArray();
        await app.TopUpAsync(w.Preparer, w.DistrictA, Members * amounts.Sum());
        var prep = await app.StaffApiAsync(w.Preparer);
        var approver = await app.StaffApiAsync(w.Approver);
        var settings = new Dictionary<string, string?>(app.Settings)
        {
            ["Wallet:Disbursements:WorkerEnabled"] = "true",
            ["Wallet:Disbursements:WorkerIntervalSeconds"] = "1",
        };
        await using var child = new ChildApp(settings);
        await child.StartAsync();

        for (var round = 0; round < rounds; round++)
        {
            var id = (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
                new { unionId = w.DistrictA, title = $"故障演练第{round + 1}轮", purpose = "演练", amountFen = amounts[round] })).JsonAsync(HttpStatusCode.Created))
                .GetProperty("id").GetInt64();
            (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await (await approver.SendAsync(DisbursementKit.Approve(id))).JsonAsync(HttpStatusCode.OK);

            // Kill as soon as the worker (polling every second) has posted a few of the 80 chunks.
            long posted = 0;
            for (var i = 0; i < 3_000 && posted < 3; i++)
            {
                posted = await app.ScalarAsync("select count(*) from wallet.disbursement_chunks where disbursement_id = @id and posted_at is not null", new { id });
                if (posted < 3) await Task.Delay(10);
            }
            child.Kill();
            posted = await app.ScalarAsync("select count(*) from wallet.disbursement_chunks where disbursement_id = @id and posted_at is not null", new { id });
            posted.ShouldBeGreaterThan(0, child.Log);
            posted.ShouldBeLessThan(Members / 50, "the worker finished before it could be killed: the round proves nothing");

            await child.StartAsync();
            (await approver.WaitPostedAsync(id, app)).GetProperty("creditedMembers").GetInt32().ShouldBe(Members, child.Log);
            (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.DisbursementInTransit, id))).ShouldBe(0);
        }

        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, members);
        members.Where(m => balances[m] != amounts.Sum()).ShouldBeEmpty();
        (await app.ScalarAsync("""
            select count(*) from wallet.lots l join wallet.transfers t on t.id = l.transfer_id where t.reference like 'disbursement:%'
            """)).ShouldBe(Members * rounds);
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(0);
        await app.InvariantsHoldAsync();
        child.Starts.ShouldBe(rounds + 1);
    }
}
