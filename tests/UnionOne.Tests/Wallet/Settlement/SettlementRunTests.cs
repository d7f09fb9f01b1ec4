using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Settlement;

public sealed class SettlementRunTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Yesterday => SettlementWorld.Day(SettlementWorld.Today.AddDays(-1));

    /// <summary>
    /// Three merchants of the city's subtree. The cake shop took 85.00 and 17.00 two days ago and refunded 30.00 yesterday
    /// (72.00 owed at the cut-off), and 8.50 today (after the cut-off, not in the run). The supermarket took 45.00 yesterday
    /// and refunded 5.00 today: only the 40.00 it is still owed is paid. The restaurant (90.00 yesterday) has no payee.
    /// </summary>
    private async Task<Scene> SceneAsync(SettlementWorld w)
    {
        var cake = await w.MerchantAsync(w.Factory, "甜心蛋糕店", MerchantCategory.Bakery, 8500);
        var market = await w.MerchantAsync(w.DistrictB, "乙区惠民超市", MerchantCategory.Supermarket, 9000);
        var diner = await w.MerchantAsync(w.DistrictA, "甲区职工餐厅", MerchantCategory.Restaurant, 9000);
        var members = await w.MembersAsync(w.Factory, 3, 100_000);
        var (p1, _) = await w.PayAsync(members[0], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 10_000);
        var (p2, _) = await w.PayAsync(members[1], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 2_000);
        var r1 = await w.RefundAsync(p1, cake.MerchantId, cake.TillId, 3_000);
        await w.BackdatePaymentAsync(p1, 2);
        await w.BackdatePaymentAsync(p2, 2);
        await w.BackdateRefundAsync(r1, 1);
        await w.PayAsync(members[2], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 1_000);
        var (p4, _) = await w.PayAsync(members[2], w.Factory, market.MerchantId, market.TillId, MerchantCategory.Supermarket, 5_000, 9000);
        await w.BackdatePaymentAsync(p4, 1);
        await w.RefundAsync(p4, market.MerchantId, market.TillId, 500);
        var (p5, _) = await w.PayAsync(members[1], w.Factory, diner.MerchantId, diner.TillId, MerchantCategory.Restaurant, 10_000, 9000);
        await w.BackdatePaymentAsync(p5, 1);

        var staff = await app.StaffApiAsync(w.Preparer);
        foreach (var (id, name, number) in new[] { (cake.MerchantId, "玉环甜心蛋糕店", "6222021207000000001"), (market.MerchantId, "玉环惠民超市有限公司", "6228480329000000002") })
        {
            var saved = await staff.PutAsJsonAsync($"/api/v1/wallet/merchants/{id}/payee", new { accountName = name, bankName = "中国工商银行玉环支行", accountNumber = number });
            saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        }
        return new Scene(cake.MerchantId, market.MerchantId, diner.MerchantId);
    }

    private sealed record Scene(long Cake, long Market, long Diner);

    private static HttpRequestMessage Post(string url, object? body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<long> TransfersAsync()
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from wallet.transfers");
    }

    [Fact]
    public async Task A_run_pays_each_merchant_its_receivable_up_to_the_cutoff_once_after_a_second_person_approves()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var s = await SceneAsync(w);
        var preparer = await app.StaffApiAsync(w.Preparer);
        var approver = await app.StaffApiAsync(w.Approver);

        var created = await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "run-1"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var run = await created.Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();
        run.GetProperty("run").GetProperty("status").GetString().ShouldBe("prepared");
        run.GetProperty("run").GetProperty("totalAmount").GetInt64().ShouldBe(7_200 + 4_000);
        var lines = run.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("merchantId").GetInt64(), l => l.GetProperty("amount").GetInt64());
        lines.ShouldBe(new Dictionary<long, long> { [s.Cake] = 7_200, [s.Market] = 4_000 }, ignoreOrder: true);
        var skipped = run.GetProperty("skipped").EnumerateArray().Single();
        skipped.GetProperty("merchantId").GetInt64().ShouldBe(s.Diner);
        skipped.GetProperty("amount").GetInt64().ShouldBe(9_000);
        skipped.GetProperty("skipReason").GetString().ShouldBe("缺少收款账户信息");
        // A retry of the same request returns the same run.
        var retried = await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "run-1"));
        (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run").GetProperty("id").GetInt64().ShouldBe(runId);

        // The preparer may not approve their own run: refused, nothing posted.
        var before = await w.SnapshotAsync();
        var own = await preparer.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "approve-own"));
        own.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await own.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("复核人不能是制单人：请由另一位有复核权限的工作人员复核");
        (await w.SnapshotAsync()).ShouldBe(before);

        var approved = await approver.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "approve-1"));
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run").GetProperty("status").GetString().ShouldBe("settled");
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, s.Cake))).ShouldBe(850);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Cake))).ShouldBe(7_200);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, s.Market))).ShouldBe(0);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Market))).ShouldBe(4_000);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, s.Diner))).ShouldBe(9_000);
        await using (var conn = await app.OpenAsync())
        {
            (await conn.QueryAsync<(string Key, short Kind, long Amount)>("select idempotency_key, kind, amount from wallet.transfers where reference = @r order by amount",
                new { r = $"settlement:{runId}" })).ShouldBe([($"settle:{runId}:{s.Market}", (short)6, 4_000L), ($"settle:{runId}:{s.Cake}", (short)6, 7_200L)]);
        }

        // Replays post nothing: the same key, another key, another approver.
        var transfers = await TransfersAsync();
        (await approver.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "approve-1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approver.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "approve-2"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TransfersAsync()).ShouldBe(transfers);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Cake))).ShouldBe(7_200);
        (await w.Ledger.CheckInvariantsAsync()).ShouldAllBe(i => i.Violations == 0);

        // A later run for the same cut-off finds only the restaurant, which still has no payee.
        var again = await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "run-2"));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("没有可结算的商户：1家商户缺少收款账户信息，0家商户已在其他待复核批次中。请先登记收款账户或处理待复核批次。");
    }

    [Fact]
    public async Task The_bank_file_lists_the_paid_merchants_with_full_account_numbers_in_utf8_with_bom_and_is_audited()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var s = await SceneAsync(w);
        var preparer = await app.StaffApiAsync(w.Preparer);
        var approver = await app.StaffApiAsync(w.Approver);
        var run = await (await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "file-run"))).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();

        var early = await preparer.GetAsync($"/api/v1/wallet/settlement-runs/{runId}/bank-file");
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("结算批次复核入账后才能下载银行代付文件");
        (await approver.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "file-approve"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var file = await preparer.GetAsync($"/api/v1/wallet/settlement-runs/{runId}/bank-file");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await file.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("序号,收款户名,收款账号,开户行,金额(元),用途/附言");
        var memo = $"工惠结算 {Yesterday} 批次{runId}";
        rows.Skip(1).Select(r => r[(r.IndexOf(',', StringComparison.Ordinal) + 1)..]).ShouldBe(
        [
            $"玉环甜心蛋糕店,6222021207000000001,中国工商银行玉环支行,72.00,{memo}",
            $"玉环惠民超市有限公司,6228480329000000002,中国工商银行玉环支行,40.00,{memo}",
        ], ignoreOrder: true);
        rows.Skip(1).Select(r => r.Split(',')[0]).ShouldBe(["1", "2"]);

        await using var conn = await app.OpenAsync();
        var audit = await conn.QuerySingleAsync<(long? Actor, string Subject, string Detail)>(
            "select actor_id, subject_id, detail::text from audit.entries where action = 'wallet.settlement-export'");
        audit.Actor.ShouldBe(w.Preparer);
        audit.Subject.ShouldBe(runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit.Detail.ShouldContain("11200");
        // The run's screens and API show the numbers masked only.
        (await preparer.GetStringAsync($"/api/v1/wallet/settlement-runs/{runId}")).ShouldNotContain("6222021207000000001");
        (await (await app.StaffPagesAsync(w.Viewer)).GetStringAsync($"/console/wallet/settlement/runs/{runId}")).ShouldContain("6222 **** 0001");
        // A viewer (no export permission) may not download it.
        (await (await app.StaffApiAsync(w.Viewer)).GetAsync($"/api/v1/wallet/settlement-runs/{runId}/bank-file")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_requests_are_refused_in_chinese_and_change_nothing()
    {
        var w = await SettlementWorld.CreateAsync(app);
        await SceneAsync(w);
        var preparer = await app.StaffApiAsync(w.Preparer);
        var before = await w.SnapshotAsync();

        async Task<JsonElement> ExpectAsync(HttpClient client, object body, string? key, HttpStatusCode status)
        {
            var response = await client.SendAsync(Post("/api/v1/wallet/settlement-runs", body, key));
            response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
            return await response.ReadProblemAsync();
        }

        var today = SettlementWorld.Day(SettlementWorld.Today);
        (await ExpectAsync(preparer, new { unionId = w.City, cutoffDay = today }, "k1", HttpStatusCode.BadRequest)).FieldError("cutoffDay")
            .ShouldBe("结算截止日期必须早于今天：只能结算已经结束的日期");
        (await ExpectAsync(preparer, new { unionId = w.City, cutoffDay = SettlementWorld.Day(SettlementWorld.Today.AddDays(10)) }, "k2", HttpStatusCode.BadRequest)).FieldError("cutoffDay")
            .ShouldBe("结算截止日期必须早于今天：只能结算已经结束的日期");
        (await ExpectAsync(preparer, new { unionId = w.City, cutoffDay = "20261120" }, "k3", HttpStatusCode.BadRequest)).FieldError("cutoffDay")
            .ShouldBe("日期格式应为 yyyy-MM-dd，例如 2026-11-20");
        (await ExpectAsync(preparer, new { unionId = w.City }, "k4", HttpStatusCode.BadRequest)).FieldError("cutoffDay").ShouldBe("请选择结算截止日期");
        (await ExpectAsync(preparer, new { cutoffDay = Yesterday }, "k5", HttpStatusCode.BadRequest)).FieldError("unionId").ShouldBe("请选择工会");
        (await ExpectAsync(preparer, new { unionId = w.City, cutoffDay = Yesterday }, null, HttpStatusCode.BadRequest)).FieldError("Idempotency-Key")
            .ShouldBe("请在请求头 Idempotency-Key 中提供本笔请求的唯一标识（重试时保持不变）");
        // Before anything was paid there is nothing to settle.
        (await ExpectAsync(preparer, new { unionId = w.City, cutoffDay = SettlementWorld.Day(SettlementWorld.Today.AddDays(-5)) }, "k6", HttpStatusCode.Conflict))
            .GetProperty("detail").GetString().ShouldBe($"截至{SettlementWorld.Day(SettlementWorld.Today.AddDays(-5))}，本工会及下级工会招募的商户没有需要结算的应收款");
        // A viewer may not start a run (403); another city's chair does not see this union (404).
        await ExpectAsync(await app.StaffApiAsync(w.Viewer), new { unionId = w.City, cutoffDay = Yesterday }, "k7", HttpStatusCode.Forbidden);
        await ExpectAsync(await app.StaffApiAsync(w.Outsider), new { unionId = w.City, cutoffDay = Yesterday }, "k8", HttpStatusCode.NotFound);
        (await w.SnapshotAsync()).ShouldBe(before);

        // A run outside the caller's subtree does not exist for them, and they list nothing of it.
        var run = await (await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "k9"))).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();
        var outsider = await app.StaffApiAsync(w.Outsider);
        (await outsider.GetAsync($"/api/v1/wallet/settlement-runs/{runId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "k10"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetFromJsonAsync<JsonElement>("/api/v1/wallet/settlement-runs")).GetArrayLength().ShouldBe(0);
        (await (await app.StaffPagesAsync(w.Outsider)).GetAsync($"/console/wallet/settlement/runs/{runId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.Viewer)).SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "k11"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Cancelled: it can no longer be approved; a cancel needs a reason.
        (await preparer.PostAsJsonAsync($"/api/v1/wallet/settlement-runs/{runId}/cancel", new { reason = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await preparer.PostAsJsonAsync($"/api/v1/wallet/settlement-runs/{runId}/cancel", new { reason = "截止日期选错" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterCancel = await w.SnapshotAsync();
        var late = await (await app.StaffApiAsync(w.Approver)).SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "k12"));
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("该结算批次已撤销，不能复核");
        (await w.SnapshotAsync()).ShouldBe(afterCancel);
    }

    [Fact]
    public async Task The_database_refuses_self_approval_a_merchant_in_two_open_runs_and_changes_after_settlement()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var s = await SceneAsync(w);
        var preparer = await app.StaffApiAsync(w.Preparer);
        var run = await (await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "db-run"))).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();
        await using var conn = await app.OpenAsync();

        var self = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync(
            "update wallet.settlement_runs set status = 2, approved_by = created_by, approved_by_name = 'x', approved_at = now() where id = @runId", new { runId }));
        self.ConstraintName.ShouldBe("settlement_second_person");
        var twice = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("""
            insert into wallet.settlement_runs (union_id, cutoff_day, merchant_count, total_amount, created_by, created_by_name) values (@union, current_date - 1, 1, 1, 1, 'x');
            insert into wallet.settlement_lines (run_id, merchant_id, seq, amount, state, account_name, bank_name, account_number)
            values (currval(pg_get_serial_sequence('wallet.settlement_runs', 'id')), @cake, 1, 1, 1, 'x', 'y', '\x00');
            """, new { union = w.City, cake = s.Cake }));
        twice.ConstraintName.ShouldBe("settlement_lines_one_open_run");

        // 甲区's officer starts a run of their own subtree while the city's is open: the cake shop is listed as in another run.
        var district = await (await app.StaffApiAsync(w.DistrictAOfficer)).SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.DistrictA, cutoffDay = Yesterday }, "db-2"));
        district.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await district.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("没有可结算的商户：1家商户缺少收款账户信息，1家商户已在其他待复核批次中。请先登记收款账户或处理待复核批次。");

        (await (await app.StaffApiAsync(w.Approver)).SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "db-approve"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var frozen = await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("update wallet.settlement_lines set amount = amount + 1 where run_id = @runId", new { runId }));
        frozen.SqlState.ShouldBe("U0030");
        (await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("delete from wallet.settlement_runs where id = @runId", new { runId }))).SqlState.ShouldBe("U0030");
    }

    [Fact]
    public async Task Approval_is_refused_when_a_refund_lowered_a_receivable_after_the_run_was_prepared()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var shop = await w.MerchantAsync(w.Factory, "机械厂小卖部", MerchantCategory.ConvenienceStore, 9500);
        var members = await w.MembersAsync(w.Factory, 1, 50_000);
        var (p, _) = await w.PayAsync(members[0], w.Factory, shop.MerchantId, shop.TillId, MerchantCategory.ConvenienceStore, 6_000, 9500);
        await w.BackdatePaymentAsync(p, 1);
        var preparer = await app.StaffApiAsync(w.Preparer);
        await preparer.PutAsJsonAsync($"/api/v1/wallet/merchants/{shop.MerchantId}/payee", new { accountName = "机械厂小卖部", bankName = "玉环农商银行", accountNumber = "62001234567890" });
        var run = await (await preparer.SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.Factory, cutoffDay = Yesterday }, "chg-run"))).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();
        await w.RefundAsync(p, shop.MerchantId, shop.TillId, 1_000);
        var before = await w.SnapshotAsync();

        var response = await (await app.StaffApiAsync(w.Approver)).SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, "chg-approve"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldStartWith("制单后以下商户的应收款发生了变化（例如有退款），请撤销本批次后重新制单：机械厂小卖部");
        (await w.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Many_approvals_at_once_post_each_merchant_exactly_once()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var s = await SceneAsync(w);
        var second = await app.CreateStaffAsync(TestActors.Unique("appr2"), "Passw0rd!x", (w.City, Modules.Identity.Contracts.StaffRole.Chair));
        var run = await (await (await app.StaffApiAsync(w.Preparer)).SendAsync(Post("/api/v1/wallet/settlement-runs", new { unionId = w.City, cutoffDay = Yesterday }, "par-run")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("run").GetProperty("id").GetInt64();
        var a = await app.StaffApiAsync(w.Approver);
        var b = await app.StaffApiAsync(second);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? a : b).SendAsync(Post($"/api/v1/wallet/settlement-runs/{runId}/approve", null, $"par-{i % 4}"))));

        // Every answer is "settled", or "the same key is being processed" for a concurrent duplicate of a key.
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBeGreaterThan(0);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from wallet.transfers where kind = 6 and reference = @r", new { r = $"settlement:{runId}" })).ShouldBe(2);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Cake))).ShouldBe(7_200);
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Market))).ShouldBe(4_000);
        (await w.Ledger.CheckInvariantsAsync()).ShouldAllBe(i => i.Violations == 0);
    }

    [Fact]
    public async Task Staff_run_a_settlement_through_the_console_pages()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var s = await SceneAsync(w);
        var preparer = await app.StaffPagesAsync(w.Preparer);

        var page = await preparer.GetStringAsync($"/console/wallet/settlement?unionId={w.City}");
        page.ShouldContain("发起结算批次");
        var created = await preparer.PostFormAsync($"/console/wallet/settlement?unionId={w.City}", "new-run", ("Run.CutoffDay", Yesterday), ("Run.Key", "page-run"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var location = created.Headers.Location!.IsAbsoluteUri ? created.Headers.Location.PathAndQuery : created.Headers.Location.ToString();
        location.ShouldStartWith("/console/wallet/settlement/runs/");

        var mine = await preparer.GetStringAsync(location);
        mine.ShouldContain("您是本批次的制单人，须由另一位有复核权限的工作人员复核。");
        mine.ShouldContain($"data-skipped-merchant=\"{s.Diner}\"");
        mine.ShouldNotContain("approve-run");

        var approver = await app.StaffPagesAsync(w.Approver);
        var approved = await approver.PostFormAsync(location, "approve-run", ("Approve.Key", "page-approve"));
        var html = await approved.Content.ReadAsStringAsync();
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("已复核入账");
        html.ShouldContain("data-status=\"settled\"");
        html.ShouldContain("data-download=\"bank-file\"");

        var file = await approver.GetAsync(location + "/bank-file");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync()).ShouldContain("6222021207000000001");
        (await w.Ledger.BalanceAsync(new AccountRef(AccountKind.MerchantSettled, s.Market))).ShouldBe(4_000);

        // A bad cut-off on the page: a message, no run.
        var bad = await preparer.PostFormAsync($"/console/wallet/settlement?unionId={w.City}", "new-run", ("Run.CutoffDay", SettlementWorld.Day(SettlementWorld.Today)), ("Run.Key", "page-bad"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("结算截止日期必须早于今天：只能结算已经结束的日期");
    }
}
