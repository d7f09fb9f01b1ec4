using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.Hosting;
using UnionOne.Modules.Wallet;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Posting;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>The app with the posting worker off and small chunks (300 members), so a test drives posting and stops it half-way.</summary>
public sealed class ManualPostingApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Wallet:Disbursements:WorkerEnabled"] = "false",
        ["Wallet:Disbursements:ChunkSize"] = "300",
        ["Wallet:Disbursements:Parallelism"] = "2",
    };
}

/// <summary>
/// 2,000 members in chunks of 300: posting stops half-way ("crashes"), a chunk reaches the ledger without being marked (as when
/// the process dies between the two), two posters then run at once; every member ends credited exactly once, nobody skipped,
/// nothing left in transit, and a replay of every chunk moves nothing.
/// </summary>
public sealed class ChunkedPostingTests(ManualPostingApp app) : IClassFixture<ManualPostingApp>
{
    [Fact]
    public async Task A_posting_stopped_half_way_resumes_without_crediting_anyone_twice_or_skipping_anyone()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var members = await app.InsertMembersAsync(w.FactoryA, 2_000);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 2_000 * 1_888);
        var prep = await app.StaffApiAsync(w.Preparer);
        var created = await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "2026年春节慰问", purpose = "春节慰问", amountFen = 1_888 })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approver = await app.StaffApiAsync(w.Approver);
        var approved = await (await approver.SendAsync(DisbursementKit.Approve(id))).JsonAsync(HttpStatusCode.OK);

        approved.GetProperty("status").GetString().ShouldBe("posting");
        approved.GetProperty("chunks").GetInt32().ShouldBe(7);
        var ledger = app.Service<ILedger>();
        var inTransit = new AccountRef(AccountKind.DisbursementInTransit, id);
        (await ledger.BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(0);
        (await ledger.BalanceAsync(inTransit)).ShouldBe(2_000 * 1_888);
        await using var conn = await app.OpenAsync();
        var chunks = (await conn.QueryAsync<(int N, long From, long To, int Members)>(
            "select n, from_member_id, to_member_id, members from wallet.disbursement_chunks where disbursement_id = @id order by n", new { id })).ToList();
        chunks.Select(c => c.Members).ShouldBe([300, 300, 300, 300, 300, 300, 200]);
        chunks.Select(c => c.From).ShouldBe(Enumerable.Range(0, 7).Select(n => members[n * 300]));

        // First run: three chunks, then the process "dies".
        var poster = app.Service<DisbursementPoster>();
        (await poster.PostAsync(id, maxChunks: 3, CancellationToken.None)).ShouldBe(3);
        var progress = await (await approver.GetAsync($"/api/v1/wallet/disbursements/{id}")).JsonAsync(HttpStatusCode.OK);
        progress.GetProperty("creditedMembers").GetInt32().ShouldBe(900);
        progress.GetProperty("status").GetString().ShouldBe("posting");
        var page = await (await app.StaffPagesAsync(w.Approver)).GetStringAsync($"/console/wallet/disbursements/{id}");
        page.ShouldContain("<meta http-equiv=\"refresh\" content=\"3\"");
        page.ShouldContain("已到账900 / 2,000人（45%），分7批记账，已完成3批。");

        // Chunk 3 reached the ledger but was never marked posted: the crash fell between the two.
        var chunk3 = members.Skip(900).Take(300).ToArray();
        var terms = new FundTerms("春节慰问", null, null);
        var early = await ledger.CreditMembersAsync(DisbursementPoster.ChunkKey(id, 3), inTransit, chunk3, chunk3.Select(_ => 1_888L).ToArray(), terms,
            DisbursementPoster.Reference(id), "2026年春节慰问", w.Approver);
        early.Replayed.ShouldBeFalse();

        // Second run, twice at once (a restarted worker picking up every unfinished disbursement, and a second instance).
        await Task.WhenAll(poster.RunPendingAsync(CancellationToken.None), poster.PostAsync(id, null, CancellationToken.None));
        (await app.ScalarAsync("select count(*) from wallet.disbursement_chunks where disbursement_id = @id and posted_at is null", new { id })).ShouldBe(0);

        var done = await (await approver.GetAsync($"/api/v1/wallet/disbursements/{id}")).JsonAsync(HttpStatusCode.OK);
        done.GetProperty("status").GetString().ShouldBe("posted");
        done.GetProperty("creditedMembers").GetInt32().ShouldBe(2_000);
        (await ledger.BalanceAsync(inTransit)).ShouldBe(0);
        var balances = await ledger.BalancesAsync(AccountKind.MemberBenefit, members);
        members.Where(m => balances[m] != 1_888).ShouldBeEmpty();
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from wallet.lots l join wallet.transfers t on t.id = l.transfer_id where t.reference = @reference
            """, new { reference = DisbursementPoster.Reference(id) })).ShouldBe(2_000);
        (await conn.ExecuteScalarAsync<long>("select transfer_id from wallet.disbursement_chunks where disbursement_id = @id and n = 3", new { id }))
            .ShouldBe(early.TransferId);
        (await conn.ExecuteScalarAsync<long>("select count(*) from wallet.transfers where idempotency_key like @prefix", new { prefix = $"disb:{id}:chunk:%" }))
            .ShouldBe(7);
        await app.InvariantsHoldAsync();

        // A replay of every chunk: the ledger recognises each one, nothing moves.
        var before = await app.LedgerSnapshotAsync();
        var replay = await (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/replay", null)).JsonAsync(HttpStatusCode.OK);
        replay.GetProperty("chunks").GetInt32().ShouldBe(7);
        replay.GetProperty("replayed").GetInt32().ShouldBe(7);
        replay.GetProperty("notReplayed").GetInt32().ShouldBe(0);
        (await poster.PostAsync(id, null, CancellationToken.None)).ShouldBe(0);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Lines_never_change_and_a_replay_of_an_unfinished_disbursement_is_refused()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 5);
        var other = await app.InsertMembersAsync(w.DistrictB, 1);
        var prep = await app.StaffApiAsync(w.Preparer);
        var id = (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "端午慰问", purpose = "端午", amountFen = 1_000, categories = new[] { "restaurant" } })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        await using var conn = await app.OpenAsync();
        var update = await Should.ThrowAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync(
            "update wallet.disbursement_lines set amount = 1 where disbursement_id = @id", new { id }));
        update.SqlState.ShouldBe("U0030");
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var insert = await Should.ThrowAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync(
            "insert into wallet.disbursement_lines (disbursement_id, member_id, member_no, amount) select @id, id, member_no, 1 from members.members where id = @m",
            new { id, m = other[0] }));
        insert.SqlState.ShouldBe("U0030");
        var delete = await Should.ThrowAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync(
            "delete from wallet.disbursement_lines where disbursement_id = @id", new { id }));
        delete.SqlState.ShouldBe("U0030");
        (await app.ScalarAsync("select count(*) from wallet.disbursement_lines where disbursement_id = @id", new { id })).ShouldBe(5);
        var replay = await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_draft_can_be_deleted_but_not_once_submitted()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 3);
        var prep = await app.StaffApiAsync(w.Preparer);
        async Task<long> DraftAsync() => (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "重阳慰问", purpose = "重阳", amountFen = 500 })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var draft = await DraftAsync();
        var submitted = await DraftAsync();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{submitted}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await prep.DeleteAsync($"/api/v1/wallet/disbursements/{draft}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await prep.DeleteAsync($"/api/v1/wallet/disbursements/{submitted}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await prep.GetAsync($"/api/v1/wallet/disbursements/{draft}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from wallet.disbursement_lines where disbursement_id = @draft", new { draft })).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from wallet.disbursement_lines where disbursement_id = @submitted", new { submitted })).ShouldBe(3);
    }

    [Fact]
    public async Task Funds_that_expire_in_members_accounts_go_back_to_the_union_fund()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var members = await app.InsertMembersAsync(w.FactoryA, 4);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 50_000);
        var prep = await app.StaffApiAsync(w.Preparer);
        var id = (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "生日蛋糕券", purpose = "生日蛋糕", amountFen = 10_000, validDays = 30, categories = new[] { "bakery" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.StaffApiAsync(w.Approver)).SendAsync(DisbursementKit.Approve(id))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var poster = app.Service<DisbursementPoster>();
        await poster.PostAsync(id, null, CancellationToken.None);
        var ledger = app.Service<ILedger>();
        (await ledger.BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(10_000);

        // Two of the four vouchers pass their expiry unspent.
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("""
                update wallet.lots l set expires_at = now() - interval '1 second'
                from wallet.accounts a where a.id = l.account_id and a.kind = 1 and a.owner_id = any(@expired)
                """, new { expired = members.Take(2).ToArray() });
        await app.Service<IEnumerable<IHostedService>>().OfType<WalletWorker>().Single().RunOnceAsync(CancellationToken.None);
        (await ledger.BalanceAsync(new AccountRef(AccountKind.DisbursementInTransit, id))).ShouldBe(20_000);

        (await poster.ReturnExpiredAsync(CancellationToken.None)).ShouldBe(1);
        (await poster.ReturnExpiredAsync(CancellationToken.None)).ShouldBe(0);

        (await ledger.BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(30_000);
        (await ledger.BalanceAsync(new AccountRef(AccountKind.DisbursementInTransit, id))).ShouldBe(0);
        var balances = await ledger.BalancesAsync(AccountKind.MemberBenefit, members);
        members.Select(m => balances[m]).ShouldBe([0L, 0, 10_000, 10_000]);
        (await ledger.HistoryAsync(AccountRef.Fund(w.DistrictA), 1))[0].Kind.ShouldBe(TransferKind.Expiry);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task Approvals_sent_at_once_reserve_the_money_once()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 10);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 1_000_000);
        var prep = await app.StaffApiAsync(w.Preparer);
        var id = (await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "并发复核", purpose = "慰问", amountFen = 7_000 })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approver = await app.StaffApiAsync(w.Approver);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => approver.SendAsync(DisbursementKit.Approve(id))));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1, app.Errors);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(930_000);
        (await app.ScalarAsync("select count(*) from wallet.transfers where idempotency_key = @k", new { k = DisbursementPoster.ReserveKey(id) })).ShouldBe(1);
        (await app.Service<DisbursementPoster>().PostAsync(id, null, CancellationToken.None)).ShouldBe(1);
        await app.InvariantsHoldAsync();
    }
}
