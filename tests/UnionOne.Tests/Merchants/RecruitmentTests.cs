using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Merchants;

public sealed class RecruitmentTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private async Task<(MemberWorld World, HttpClient Officer, long BatchId)> BatchAsync(int noticeDays = 7)
    {
        var world = await MemberWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(world.OfficerA);
        return (world, officer, await app.CreateBatchAsync(officer, world.DistrictA, noticeDays));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<short> StatusAsync(long merchantId) =>
        (short)await app.CountAsync("select status from merchants.merchants where id = @merchantId", new { merchantId });

    [Fact]
    public async Task A_merchant_goes_from_application_through_check_discount_and_notice_to_active_with_its_history_kept()
    {
        var (world, officer, batchId) = await BatchAsync(noticeDays: 5);
        var code = MerchantTestData.CreditCode();
        var anonymous = app.CreateClient();
        var applied = await anonymous.PostAsJsonAsync("/api/v1/merchants/applications", new
        {
            batchId,
            name = "玉环好味道烘焙坊",
            creditCode = code.ToLowerInvariant(),
            category = "bakery",
            address = "浙江省台州市玉环市玉城街道广陵路18号",
            latitude = 28.1357,
            longitude = 121.2319,
            contactName = "林美华",
            contactPhone = "139 5766 1234",
            proposedDiscountBasisPoints = 9000,
        });
        applied.StatusCode.ShouldBe(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var receipt = await JsonAsync(applied);
        var id = receipt.GetProperty("id").GetInt64();
        receipt.GetProperty("creditCode").GetString().ShouldBe(code);
        receipt.GetProperty("status").GetString().ShouldBe("applied");

        // The phone is stored encrypted only, and shown masked.
        await using (var conn = await app.OpenAsync())
        {
            var enc = await conn.ExecuteScalarAsync<byte[]>("select contact_phone_enc from merchants.merchants where id = @id", new { id });
            System.Text.Encoding.UTF8.GetString(enc!).ShouldNotContain("13957661234");
            app.Services.GetRequiredService<IPersonalDataCipher>().Decrypt(PersonalDataPurposes.ContactPhone, enc!).ShouldBe("13957661234");
        }
        var listed = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/merchants?batchId={batchId}");
        listed.GetArrayLength().ShouldBe(1);
        listed[0].GetProperty("contactPhoneMasked").GetString().ShouldBe("139****1234");
        listed.ToString().ShouldNotContain("13957661234");

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true, note = "证照齐全，现场核验无误" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 8500, note = "议价后八五折" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(id)).ShouldBe((short)MerchantStatus.Negotiated);

        var notice = await officer.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null);
        notice.StatusCode.ShouldBe(HttpStatusCode.OK, await notice.Content.ReadAsStringAsync());
        var noticeBody = await JsonAsync(notice);
        var firstDay = DateOnly.Parse(noticeBody.GetProperty("firstDay").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var lastDay = DateOnly.Parse(noticeBody.GetProperty("lastDay").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        lastDay.ShouldBe(firstDay.AddDays(4));
        firstDay.ShouldBe(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));

        // On the public notice, with its dates; not yet in the directory of active merchants.
        var onNotice = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/merchants/notice");
        var entry = onNotice.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id);
        entry.GetProperty("discount").GetString().ShouldBe("八五折");
        entry.GetProperty("lastDay").GetString().ShouldBe(lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        (await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/merchants/public")).EnumerateArray().ShouldNotContain(m => m.GetProperty("id").GetInt64() == id);

        // Activation before the notice has ended is refused and changes nothing.
        var early = await officer.PostAsync($"/api/v1/merchants/{id}/activate", null);
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.ReadProblemAsync()).GetProperty("detail").GetString()
            .ShouldBe($"公示期至{lastDay:yyyy-MM-dd}结束，公示期满后才能上线");
        (await StatusAsync(id)).ShouldBe((short)MerchantStatus.Publicised);

        await app.EndNoticeAsync(id);
        (await officer.PostAsync($"/api/v1/merchants/{id}/activate", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var merchant = await app.Services.GetRequiredService<IMerchantDirectory>().FindAsync(id);
        merchant!.Status.ShouldBe(MerchantStatus.Active);
        merchant.CanTakePayments.ShouldBeTrue();
        merchant.DiscountBasisPoints.ShouldBe(8500);
        merchant.UnionId.ShouldBe(world.DistrictA);
        merchant.Latitude.ShouldBe(28.1357);

        var publicList = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/merchants/public?category=bakery");
        var shown = publicList.EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);
        shown.GetProperty("discount").GetString().ShouldBe("八五折");
        shown.ToString().ShouldNotContain("林美华");
        shown.ToString().ShouldNotContain("1234");

        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/merchants/{id}");
        var history = detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ToList();
        history.ShouldBe(["applied", "checked", "negotiated", "publicised", "active"]);
        detail.GetProperty("history")[2].GetProperty("discountBasisPoints").GetInt32().ShouldBe(8500);
        detail.GetProperty("history")[1].GetProperty("reason").GetString().ShouldBe("证照齐全，现场核验无误");
        detail.GetProperty("history")[4].GetProperty("staffId").GetInt64().ShouldBe(world.OfficerA);
    }

    [Fact]
    public async Task Bad_applications_get_clear_chinese_field_messages_and_store_nothing()
    {
        var (_, _, batchId) = await BatchAsync();
        var anonymous = app.CreateClient();
        var good = MerchantTestData.CreditCode();
        var wrongCheck = good[..17] + (good[17] == '0' ? '1' : '0');

        async Task<JsonElement> RefusedAsync(object body)
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/merchants/applications", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            return await response.ReadProblemAsync();
        }

        var badCode = await RefusedAsync(new { batchId, name = "好邻居便利店", creditCode = wrongCheck, category = "convenienceStore", address = "玉环市玉城街道1号",
            contactName = "王强", contactPhone = "13957661234", proposedDiscountBasisPoints = 9500 });
        badCode.FieldError("creditCode").ShouldBe("统一社会信用代码校验位错误，请核对营业执照");

        var all = await RefusedAsync(new { batchId, name = "<b>", creditCode = "91331021MA2", category = "casino", address = "",
            latitude = 28.1, contactName = "", contactPhone = "1395766", proposedDiscountBasisPoints = 6000 });
        all.FieldError("name").ShouldBe("不能包含尖括号或控制字符");
        all.FieldError("creditCode").ShouldBe("统一社会信用代码应为18位（当前为11位）");
        all.FieldError("category").ShouldBe("请选择商户类别");
        all.FieldError("address").ShouldBe("请填写经营地址（4至200个字）");
        all.FieldError("longitude").ShouldBe("纬度和经度须同时填写（或都不填）");
        all.FieldError("contactName").ShouldBe("请填写联系人姓名（2至30个字）");
        all.FieldError("contactPhone").ShouldBe("手机号码应为11位（当前为7位）");

        var outOfRange = await RefusedAsync(new { batchId, name = "甜心蛋糕", creditCode = good, category = "蛋糕烘焙", address = "玉环市玉城街道2号",
            contactName = "王强", contactPhone = "13957661234", proposedDiscountBasisPoints = 6000 });
        outOfRange.FieldError("proposedDiscountBasisPoints").ShouldBe("蛋糕烘焙类商户的折扣应在七折至九五折之间（会员支付原价的70%至95%）");

        var noBatch = await anonymous.PostAsJsonAsync("/api/v1/merchants/applications", MerchantTestData.ApplicationBody(batchId + 100000, "无批次超市", MerchantCategory.Supermarket, 9500));
        noBatch.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.CountAsync("select count(*) from merchants.merchants where batch_id = @batchId", new { batchId })).ShouldBe(0);
    }

    [Fact]
    public async Task One_live_application_per_credit_code_and_a_rejected_merchant_may_apply_again()
    {
        var (_, officer, batchId) = await BatchAsync();
        var code = MerchantTestData.CreditCode();
        var anonymous = app.CreateClient();
        var first = await anonymous.PostAsJsonAsync("/api/v1/merchants/applications", MerchantTestData.ApplicationBody(batchId, "顺丰玉环营业部", MerchantCategory.Courier, 8500, code));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await JsonAsync(first)).GetProperty("id").GetInt64();

        // The same code (in another spelling, at once from many clients) is refused: the database keeps one live application.
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.CreateClient().PostAsJsonAsync("/api/v1/merchants/applications",
            MerchantTestData.ApplicationBody(batchId, "顺丰速运玉环", MerchantCategory.Courier, 8500, code.ToLowerInvariant()))));
        again.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        (await again[0].ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("该统一社会信用代码已有在办的申请或已是普惠商户，不能重复申请");
        (await app.CountAsync("select count(*) from merchants.merchants where credit_code = @code", new { code })).ShouldBe(1);

        var noReason = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/reject", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadProblemAsync()).FieldError("reason").ShouldBe("请填写原因（2至500个字）");
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/reject", new { reason = "经营场所与执照地址不符" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(id)).ShouldBe((short)MerchantStatus.Rejected);

        var reapplied = await anonymous.PostAsJsonAsync("/api/v1/merchants/applications", MerchantTestData.ApplicationBody(batchId, "顺丰玉环营业部", MerchantCategory.Courier, 8500, code));
        reapplied.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.CountAsync("select count(*) from merchants.merchants where credit_code = @code", new { code })).ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_takes_applications_only_between_its_dates_and_bad_batches_are_refused()
    {
        var world = await MemberWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(world.OfficerA);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var future = await officer.PostAsJsonAsync("/api/v1/merchants/batches", new { unionId = world.DistrictA, name = "下月招募", opensOn = today.AddDays(5), closesOn = today.AddDays(20), noticeDays = 7 });
        future.StatusCode.ShouldBe(HttpStatusCode.Created);
        var futureId = (await JsonAsync(future)).GetProperty("id").GetInt64();
        var early = await app.CreateClient().PostAsJsonAsync("/api/v1/merchants/applications", MerchantTestData.ApplicationBody(futureId, "早来的超市", MerchantCategory.Supermarket, 9500));
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.ReadProblemAsync()).GetProperty("detail").GetString()
            .ShouldBe($"该招募批次的报名时间为{today.AddDays(5):yyyy-MM-dd}至{today.AddDays(20):yyyy-MM-dd}，当前不在报名时间内");
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/merchants/recruitment")).EnumerateArray()
            .ShouldNotContain(b => b.GetProperty("id").GetInt64() == futureId);

        var bad = await officer.PostAsJsonAsync("/api/v1/merchants/batches", new { unionId = world.DistrictA, name = "x", opensOn = today, closesOn = today.AddDays(-1), noticeDays = 0 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadProblemAsync();
        problem.FieldError("name").ShouldBe("请填写批次名称（2至60个字）");
        problem.FieldError("closesOn").ShouldBe("截止日期不能早于开始日期");
        problem.FieldError("noticeDays").ShouldBe("公示天数应为1至30天");

        var outside = await (await app.StaffApiAsync(world.OfficerB)).PostAsJsonAsync("/api/v1/merchants/batches",
            new { unionId = world.DistrictA, name = "越权招募", opensOn = today, closesOn = today.AddDays(9), noticeDays = 7 });
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var viewer = await (await app.StaffApiAsync(world.ViewerA)).PostAsJsonAsync("/api/v1/merchants/batches",
            new { unionId = world.DistrictA, name = "只读招募", opensOn = today, closesOn = today.AddDays(9), noticeDays = 7 });
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CountAsync("select count(*) from merchants.batches where union_id = @a", new { a = world.DistrictA })).ShouldBe(1);
    }

    [Fact]
    public async Task The_discount_must_lie_in_the_category_range_and_comes_after_the_check()
    {
        var (_, officer, batchId) = await BatchAsync();
        var id = await app.ApplyAsync(batchId, "玉环联华超市", MerchantCategory.Supermarket, 9500);

        var beforeCheck = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 9500 });
        beforeCheck.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await beforeCheck.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("请先完成资料背调，再议定折扣");

        var noResult = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { note = "?" });
        (await noResult.ReadProblemAsync()).FieldError("passed").ShouldBe("请选择背调结果：通过或不通过");
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var twice = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var tooDeep = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 7000 });
        tooDeep.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooDeep.ReadProblemAsync()).FieldError("discountBasisPoints").ShouldBe("超市类商户的折扣应在八五折至九八折之间（会员支付原价的85%至98%）");
        var none = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 10000 });
        (await none.ReadProblemAsync()).FieldError("discountBasisPoints").ShouldBe("折扣应在一折至九九折之间");
        (await StatusAsync(id)).ShouldBe((short)MerchantStatus.Checked);
        (await app.CountAsync("select count(*) from merchants.merchants where id = @id and discount_bp is null", new { id })).ShouldBe(1);

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 9500 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 9200 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CountAsync("select discount_bp from merchants.merchants where id = @id", new { id })).ShouldBe(9200);
        (await app.CountAsync("select count(*) from merchants.status_log where merchant_id = @id and discount_bp is not null", new { id })).ShouldBe(2);

        // A failed check needs a reason and rejects the application.
        var other = await app.ApplyAsync(batchId, "无证小卖部", MerchantCategory.ConvenienceStore, 9500);
        var failNoNote = await officer.PostAsJsonAsync($"/api/v1/merchants/{other}/check", new { passed = false });
        (await failNoNote.ReadProblemAsync()).FieldError("note").ShouldBe("背调不通过时请填写原因（2至500个字）");
        (await StatusAsync(other)).ShouldBe((short)MerchantStatus.Applied);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{other}/check", new { passed = false, note = "营业执照已吊销" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(other)).ShouldBe((short)MerchantStatus.Rejected);
    }

    [Fact]
    public async Task Staff_of_another_subtree_get_404_and_a_viewer_403_and_nothing_changes()
    {
        var (world, officer, batchId) = await BatchAsync();
        var id = await app.ApplyAsync(batchId, "乙区看不见的面包店", MerchantCategory.Bakery, 8800);
        var outsider = await app.StaffApiAsync(world.OfficerB);
        var viewer = await app.StaffApiAsync(world.ViewerA);

        foreach (var (method, path, body) in new (string, string, object?)[]
        {
            ("GET", $"/api/v1/merchants/{id}", null),
            ("GET", $"/api/v1/merchants/batches/{batchId}", null),
            ("POST", $"/api/v1/merchants/{id}/check", new { passed = true }),
            ("POST", $"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 8800 }),
            ("POST", $"/api/v1/merchants/{id}/reject", new { reason = "越权驳回" }),
            ("POST", $"/api/v1/merchants/{id}/activate", null),
            ("POST", $"/api/v1/merchants/{id}/suspend", new { reason = "越权暂停" }),
            ("POST", $"/api/v1/merchants/{id}/reveal-phone", null),
            ("POST", $"/api/v1/merchants/batches/{batchId}/notice", null),
            ("POST", $"/api/v1/merchants/{id}/tills", new { name = "收银台" }),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
            (await outsider.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
        }
        (await outsider.GetFromJsonAsync<JsonElement>("/api/v1/merchants")).EnumerateArray().ShouldNotContain(m => m.GetProperty("id").GetInt64() == id);
        (await outsider.GetFromJsonAsync<JsonElement>("/api/v1/merchants/batches")).EnumerateArray().ShouldNotContain(b => b.GetProperty("id").GetInt64() == batchId);

        // A viewer of the subtree sees the merchant but may not act.
        (await viewer.GetAsync($"/api/v1/merchants/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsync($"/api/v1/merchants/{id}/reveal-phone", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The city above sees and acts.
        var city = await app.StaffApiAsync(world.CityOfficer);
        (await city.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.CountAsync("select count(*) from merchants.status_log where merchant_id = @id", new { id })).ShouldBe(2);
        _ = officer;
    }

    [Fact]
    public async Task Suspend_resume_and_exit_keep_the_history_and_only_active_merchants_take_payments()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (id, _) = await app.CreateActiveMerchantAsync(world.FactoryA, "玉环海鲜酒家", MerchantCategory.Restaurant, 9000);
        var officer = await app.StaffApiAsync(world.OfficerA);
        var directory = app.Services.GetRequiredService<IMerchantDirectory>();

        var noReason = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/suspend", new { });
        (await noReason.ReadProblemAsync()).FieldError("reason").ShouldBe("请填写原因（2至500个字）");
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/suspend", new { reason = "会员投诉价格不符，核查期间暂停" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await directory.FindAsync(id))!.CanTakePayments.ShouldBeFalse();
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/merchants/public")).EnumerateArray().ShouldNotContain(m => m.GetProperty("id").GetInt64() == id);
        var suspendTwice = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/suspend", new { reason = "再次暂停" });
        suspendTwice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await suspendTwice.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("只有已上线的商户才能暂停");

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/resume", new { reason = "核查无误" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await directory.FindAsync(id))!.CanTakePayments.ShouldBeTrue();
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/exit", new { reason = "商户停业" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await directory.FindAsync(id))!.Status.ShouldBe(MerchantStatus.Exited);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/resume", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var history = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/merchants/{id}")).GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("to").GetString()).TakeLast(3).ShouldBe(["suspended", "active", "exited"]);
        history[^3].GetProperty("reason").GetString().ShouldBe("会员投诉价格不符，核查期间暂停");
        history[^1].GetProperty("reason").GetString().ShouldBe("商户停业");
        history[^1].GetProperty("staffName").GetString().ShouldNotBeNullOrEmpty();
        (await app.CountAsync("select count(*) from audit.entries where action = 'merchant.exited' and subject_id = @id", new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }

    [Fact]
    public async Task Many_staff_activating_at_once_activate_once()
    {
        var (world, officer, batchId) = await BatchAsync();
        var id = await app.ApplyAsync(batchId, "并发便利店", MerchantCategory.ConvenienceStore, 9500);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 9500 })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null)).EnsureSuccessStatusCode();
        await app.EndNoticeAsync(id);
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.StaffApiAsync(world.OfficerA)));
        var answers = await Task.WhenAll(clients.Select(c => c.PostAsync($"/api/v1/merchants/{id}/activate", null)));
        answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).ShouldBe(1, app.Errors);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await app.CountAsync("select count(*) from merchants.status_log where merchant_id = @id and to_status = 5", new { id })).ShouldBe(1);

        // Publicising again finds nobody waiting.
        var again = await officer.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("本批次没有已议定折扣、待公示的商户");
        (await app.CountAsync("select count(*) from merchants.notices where batch_id = @batchId", new { batchId })).ShouldBe(1);
    }

    [Fact]
    public async Task Objections_are_noted_during_the_notice_and_the_phone_is_revealed_only_with_an_audit_entry()
    {
        var (world, officer, batchId) = await BatchAsync();
        var id = await app.ApplyAsync(batchId, "玉环放心农贸", MerchantCategory.FarmProduce, 9000);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/objections", new { note = "有人反映缺斤短两" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/check", new { passed = true })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/discount", new { discountBasisPoints = 9000 })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/v1/merchants/batches/{batchId}/notice", null)).EnsureSuccessStatusCode();
        var empty = await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/objections", new { note = "" });
        (await empty.ReadProblemAsync()).FieldError("note").ShouldBe("请填写异议内容（2至500个字）");
        (await officer.PostAsJsonAsync($"/api/v1/merchants/{id}/objections", new { note = "有人反映缺斤短两" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/merchants/{id}");
        detail.GetProperty("objections")[0].GetProperty("note").GetString().ShouldBe("有人反映缺斤短两");

        var phone = await officer.PostAsync($"/api/v1/merchants/{id}/reveal-phone", null);
        phone.StatusCode.ShouldBe(HttpStatusCode.OK);
        var revealed = (await JsonAsync(phone)).GetProperty("contactPhone").GetString()!;
        MobilePhone.IsValid(revealed).ShouldBeTrue();
        (await app.CountAsync("select count(*) from audit.entries where action = 'merchant.reveal-phone' and subject_id = @id",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
        _ = world;
    }
}
