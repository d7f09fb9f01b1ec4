using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>Disbursement by selection through the API: the happy path and the bad input the issue lists, on real PostgreSQL.</summary>
public sealed class SelectionDisbursementTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static object Draft(long unionId, object? amountFen = null, int? birthMonth = null, string? tag = null, string? jobType = null, int? validDays = 60,
        string[]? categories = null) => new
    {
        unionId,
        title = "2026年11月生日蛋糕",
        purpose = "生日蛋糕",
        amountFen = amountFen ?? 10_000,
        birthMonth,
        tag,
        jobType,
        validDays,
        categories = categories ?? ["bakery"],
    };

    private async Task<long> SubmittedAsync(DisbursementWorld w, object draft)
    {
        var prep = await app.StaffApiAsync(w.Preparer);
        var created = await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements", draft)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Birthday_members_of_the_subtree_are_credited_once_after_a_second_person_approves()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var november = await app.InsertMembersAsync(w.FactoryA, 30, birthMonth: 11);
        var others = await app.InsertMembersAsync(w.DistrictA, 20, birthMonth: 5);
        var outside = await app.InsertMembersAsync(w.DistrictB, 10, birthMonth: 11);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 1_000_000);
        var prep = await app.StaffApiAsync(w.Preparer);

        var count = await (await prep.GetAsync($"/api/v1/wallet/disbursements/selection-count?unionId={w.DistrictA}&birthMonth=11")).JsonAsync(HttpStatusCode.OK);
        count.GetProperty("members").GetInt32().ShouldBe(30);
        var created = await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements", Draft(w.DistrictA, birthMonth: 11))).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        created.GetProperty("status").GetString().ShouldBe("draft");
        created.GetProperty("memberCount").GetInt32().ShouldBe(30);
        created.GetProperty("total").GetInt64().ShouldBe(300_000);
        (await prep.PostAsync($"/api/v1/wallet/disbursements/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var approver = await app.StaffApiAsync(w.Approver);
        var key = Guid.NewGuid().ToString("N");
        var approved = await (await approver.SendAsync(DisbursementKit.Approve(id, key))).JsonAsync(HttpStatusCode.OK);
        approved.GetProperty("status").GetString().ShouldBeOneOf("posting", "posted");
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(700_000);
        var posted = await approver.WaitPostedAsync(id, app);
        posted.GetProperty("creditedMembers").GetInt32().ShouldBe(30);
        posted.GetProperty("creditedTotal").GetInt64().ShouldBe(300_000);

        // A retried approval with the same key answers again and moves nothing.
        var before = await app.LedgerSnapshotAsync();
        (await approver.SendAsync(DisbursementKit.Approve(id, key))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);

        var ledger = app.Service<ILedger>();
        var balances = await ledger.BalancesAsync(AccountKind.MemberBenefit, [.. november, .. others, .. outside]);
        november.ShouldAllBe(m => balances[m] == 10_000);
        others.Concat(outside).ShouldAllBe(m => balances[m] == 0);
        (await ledger.BalanceAsync(new AccountRef(AccountKind.DisbursementInTransit, id))).ShouldBe(0);
        var funds = await ledger.OpenFundsAsync(november[0]);
        funds.Count.ShouldBe(1);
        funds[0].Purpose.ShouldBe("生日蛋糕");
        funds[0].Categories.ShouldBe([Modules.Merchants.Contracts.MerchantCategory.Bakery]);
        funds[0].ExpiresAtUtc.ShouldNotBeNull();
        funds[0].ExpiresAtUtc!.Value.ShouldBeInRange(DateTime.UtcNow.AddDays(59), DateTime.UtcNow.AddDays(61));
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task Tag_and_job_type_select_only_matching_active_members()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var models = await app.InsertMembersAsync(w.FactoryA, 7, tags: ["劳模"]);
        await app.InsertMembersAsync(w.FactoryA, 5, tags: ["工匠"]);
        var riders = await app.InsertMembersAsync(w.FactoryA, 4, jobType: 10);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update members.members set status = 3 where id = @id", new { id = models[0] });
        var prep = await app.StaffApiAsync(w.Preparer);

        (await (await prep.GetAsync($"/api/v1/wallet/disbursements/selection-count?unionId={w.DistrictA}&tag=劳模")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("members").GetInt32().ShouldBe(6);
        (await (await prep.GetAsync($"/api/v1/wallet/disbursements/selection-count?unionId={w.DistrictA}&jobType=rider")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("members").GetInt32().ShouldBe(riders.Length);
        var created = await (await prep.PostAsJsonAsync("/api/v1/wallet/disbursements", Draft(w.DistrictA, tag: "劳模"))).JsonAsync(HttpStatusCode.Created);
        created.GetProperty("memberCount").GetInt32().ShouldBe(6);
        var lines = await (await prep.GetAsync($"/api/v1/wallet/disbursements/{created.GetProperty("id").GetInt64()}/lines?take=100")).JsonAsync(HttpStatusCode.OK);
        lines.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("memberId").GetInt64()).ShouldBe(models.Skip(1));
    }

    [Theory]
    [InlineData(-100, "金额必须大于0")]
    [InlineData(0, "金额必须大于0")]
    [InlineData(100.5, "金额以分为单位，须为整数（不能有小数分）")]
    public async Task Negative_zero_and_fractional_fen_amounts_are_refused_and_nothing_is_created(double amount, string message)
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 3);
        var before = await app.LedgerSnapshotAsync();

        var response = await (await app.StaffApiAsync(w.Preparer)).PostAsJsonAsync("/api/v1/wallet/disbursements", Draft(w.DistrictA, amountFen: amount));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("amountFen").ShouldBe(message);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task Bad_details_are_refused_field_by_field()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var response = await (await app.StaffApiAsync(w.Preparer)).PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = w.DistrictA, title = "x", purpose = "", amountFen = 100, birthMonth = 13, validDays = 0 });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.FieldError("title").ShouldContain("标题");
        problem.FieldError("purpose").ShouldContain("用途");
        problem.FieldError("birthMonth").ShouldBe("生日月份须为1-12");
        problem.FieldError("validDays").ShouldContain("有效期");
    }

    [Fact]
    public async Task Staff_outside_the_node_get_not_found_and_a_viewer_is_forbidden()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 3);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 100_000);
        var id = await SubmittedAsync(w, Draft(w.DistrictA));
        var before = await app.LedgerSnapshotAsync();
        var outsider = await app.StaffApiAsync(w.OutsiderB);

        var create = await outsider.PostAsJsonAsync("/api/v1/wallet/disbursements", Draft(w.DistrictA));
        create.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/wallet/disbursements/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.SendAsync(DisbursementKit.Approve(id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/wallet/disbursements?unionId={w.DistrictA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetFromJsonAsync<List<object>>("/api/v1/wallet/disbursements"))!.ShouldBeEmpty();
        var topUp = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/funds/{w.DistrictA}/top-ups") { Content = JsonContent.Create(new { amountFen = 100 }) };
        topUp.Headers.Add("Idempotency-Key", "k1");
        (await outsider.SendAsync(topUp)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var viewer = await app.StaffApiAsync(w.ViewerA);
        (await viewer.GetAsync($"/api/v1/wallet/disbursements/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.SendAsync(DisbursementKit.Approve(id))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task The_person_who_prepared_it_cannot_approve_it_and_the_database_refuses_it_too()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 3);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 100_000);
        var id = await SubmittedAsync(w, Draft(w.DistrictA));
        var before = await app.LedgerSnapshotAsync();

        var response = await (await app.StaffApiAsync(w.Preparer)).SendAsync(DisbursementKit.Approve(id));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("不能复核自己创建的发放");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        await using var conn = await app.OpenAsync();
        var e = await Should.ThrowAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync(
            "update wallet.disbursements set approved_by = created_by where id = @id", new { id }));
        e.ConstraintName.ShouldBe("disbursements_second_person");
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task A_short_fund_refuses_the_approval_and_the_ledger_is_identical_then_a_top_up_lets_it_through()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 5);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 49_999);
        var id = await SubmittedAsync(w, Draft(w.DistrictA));
        var approver = await app.StaffApiAsync(w.Approver);
        var before = await app.LedgerSnapshotAsync();

        var key = Guid.NewGuid().ToString("N");
        var response = await approver.SendAsync(DisbursementKit.Approve(id, key));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = (await response.ReadProblemAsync()).GetProperty("detail").GetString()!;
        detail.ShouldContain("福利资金余额不足");
        detail.ShouldContain("¥500.00");
        detail.ShouldContain("¥499.99");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        (await app.ScalarAsync("select count(*) from wallet.disbursement_chunks where disbursement_id = @id", new { id })).ShouldBe(0);

        await app.TopUpAsync(w.Preparer, w.DistrictA, 1);
        (await approver.SendAsync(DisbursementKit.Approve(id, key))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await approver.WaitPostedAsync(id, app);
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(0);
        await app.InvariantsHoldAsync();
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_a_second_person_and_ends_the_disbursement()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 2);
        var id = await SubmittedAsync(w, Draft(w.DistrictA));
        var approver = await app.StaffApiAsync(w.Approver);

        (await approver.PostAsJsonAsync($"/api/v1/wallet/disbursements/{id}/reject", new { reason = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await app.StaffApiAsync(w.Preparer)).PostAsJsonAsync($"/api/v1/wallet/disbursements/{id}/reject", new { reason = "自己驳回" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var rejected = await (await approver.PostAsJsonAsync($"/api/v1/wallet/disbursements/{id}/reject", new { reason = "名单有误，请重新核对" })).JsonAsync(HttpStatusCode.OK);

        rejected.GetProperty("status").GetString().ShouldBe("rejected");
        rejected.GetProperty("rejectReason").GetString().ShouldBe("名单有误，请重新核对");
        var again = await approver.SendAsync(DisbursementKit.Approve(id));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已驳回");
    }

    [Fact]
    public async Task Approval_needs_an_idempotency_key_and_a_key_used_for_another_disbursement_is_refused()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        await app.InsertMembersAsync(w.FactoryA, 2);
        await app.TopUpAsync(w.Preparer, w.DistrictA, 100_000);
        var first = await SubmittedAsync(w, Draft(w.DistrictA));
        var second = await SubmittedAsync(w, Draft(w.DistrictA));
        var approver = await app.StaffApiAsync(w.Approver);

        var missing = await approver.PostAsync($"/api/v1/wallet/disbursements/{first}/approve", null);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.ReadProblemAsync()).FieldError("Idempotency-Key").ShouldContain("Idempotency-Key");
        (await approver.SendAsync(DisbursementKit.Approve(first, "same-key"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reused = await approver.SendAsync(DisbursementKit.Approve(second, "same-key"));
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reused.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("幂等键");
        (await app.ScalarAsync("select status from wallet.disbursements where id = @second", new { second })).ShouldBe(2);
    }

    [Fact]
    public async Task Top_ups_post_once_per_key_and_refuse_a_key_reused_for_another_amount()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var client = await app.StaffApiAsync(w.Preparer);
        HttpRequestMessage TopUp(long fen, string? key)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/funds/{w.DistrictA}/top-ups") { Content = JsonContent.Create(new { amountFen = fen, memo = "拨款" }) };
            if (key is not null) r.Headers.Add("Idempotency-Key", key);
            return r;
        }

        (await client.SendAsync(TopUp(5_000, null))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var first = await (await client.SendAsync(TopUp(5_000, "t-1"))).JsonAsync(HttpStatusCode.Created);
        var again = await (await client.SendAsync(TopUp(5_000, "t-1"))).JsonAsync(HttpStatusCode.Created);
        var other = await client.SendAsync(TopUp(6_000, "t-1"));

        again.GetProperty("transferId").GetInt64().ShouldBe(first.GetProperty("transferId").GetInt64());
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.Service<ILedger>().BalanceAsync(AccountRef.Fund(w.DistrictA))).ShouldBe(5_000);
        var funds = (await client.GetFromJsonAsync<List<FundRow>>("/api/v1/wallet/funds", DisbursementKit.Json))!;
        funds.Single(f => f.UnionId == w.DistrictA).Balance.ShouldBe(5_000);
        funds.Select(f => f.UnionId).ShouldBe([w.DistrictA, w.FactoryA]);
        await app.InvariantsHoldAsync();
    }

    private sealed record FundRow(long UnionId, string UnionName, int Depth, long Balance);
}
