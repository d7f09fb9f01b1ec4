using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Offline;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.MemberCode;

/// <summary>A gate that downloaded its bundle and then lost the network: it verifies with public keys and its list only.</summary>
public sealed class OfflineGateTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private async Task<(SignedDeviceBundle Bundle, List<PublicKeyInfo> Keys)> DownloadAsync(CodeWorld w)
    {
        var keys = await app.CreateClient().GetFromJsonAsync<List<JsonElement>>("/api/v1/member-codes/keys");
        var trusted = keys!.Select(k => new PublicKeyInfo((ushort)k.GetProperty("keyId").GetInt32(), k.GetProperty("scheme").GetString()!,
            Convert.FromBase64String(k.GetProperty("publicKey").GetString()!))).ToList();
        var bundle = await w.Device(app).GetFromJsonAsync<SignedDeviceBundle>("/api/v1/member-codes/device-bundle", Web);
        return (bundle!, trusted);
    }

    [Fact]
    public async Task Ten_minutes_offline_a_gate_still_admits_a_fresh_code_and_refuses_a_replay_and_a_tampered_one()
    {
        var w = await CodeWorld.CreateAsync(app);
        var (bundle, keys) = await DownloadAsync(w);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var gate = OfflineGate.Load(bundle, keys, new EcdsaP256Scheme(), clock);
        gate.Bundle.PlaceId.ShouldBe(w.PlaceId);

        clock.Advance(TimeSpan.FromMinutes(10));
        var code = await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "李*华", clock.Now.AddSeconds(-3));
        var admitted = gate.Check(code);
        admitted.Admitted.ShouldBeTrue(admitted.Refusal.ToString());
        admitted.MaskedName.ShouldBe("李*华");
        gate.Check(code).Refusal.ShouldBe(CodeRefusal.AlreadyUsed);
        gate.Check(code[..40] + (code[40] == 'x' ? 'y' : 'x') + code[41..]).Refusal.ShouldBe(CodeRefusal.Forged);
        gate.Check(await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "李*华", clock.Now.AddMinutes(-2))).Refusal.ShouldBe(CodeRefusal.Expired);
        gate.Pending.Count.ShouldBe(4);

        clock.Advance(TimeSpan.FromMinutes(6));
        var late = await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "李*华", clock.Now);
        gate.Check(late).Refusal.ShouldBe(CodeRefusal.ListExpired);
    }

    [Fact]
    public async Task After_refreshing_its_list_an_offline_gate_refuses_a_suspended_member_s_code()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);
        var staff = await app.StaffApiAsync(w.World.OfficerA);
        var suspend = await staff.PostAsJsonAsync($"/api/v1/members/{w.MemberId}/code-suspension", new { reason = "手机遗失" });
        suspend.StatusCode.ShouldBe(HttpStatusCode.OK, await suspend.Content.ReadAsStringAsync());

        var (bundle, keys) = await DownloadAsync(w);
        var gate = OfflineGate.Load(bundle, keys, new EcdsaP256Scheme(), TimeProvider.System);
        gate.Check(code).Refusal.ShouldBe(CodeRefusal.Revoked);
        (await w.VerifyAsync(app, code)).GetProperty("result").GetString().ShouldBe("revoked");
        (await (await app.MemberApi(w.Phone, w.MemberId).GetAsync("/api/v1/member-codes/mine")).JsonAsync()).GetProperty("issued").GetBoolean().ShouldBeFalse();

        (await staff.PostAsJsonAsync($"/api/v1/members/{w.MemberId}/code-suspension", new { reason = "手机遗失" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await staff.DeleteAsync($"/api/v1/members/{w.MemberId}/code-suspension")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var fresh = await w.CodeAsync(app);
        (await w.VerifyAsync(app, fresh)).GetProperty("admitted").GetBoolean().ShouldBeTrue(app.Errors);
        (await w.VerifyAsync(app, code)).GetProperty("result").GetString().ShouldBe("revoked");
        (await app.CountAsync("select count(*) from audit.entries where action in ('member-code.suspended', 'member-code.lifted')")).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_bundle_altered_on_the_way_or_signed_by_an_unknown_key_is_not_loaded()
    {
        var w = await CodeWorld.CreateAsync(app);
        var (bundle, keys) = await DownloadAsync(w);
        var widened = bundle with { Body = bundle.Body.Replace("\"admitsAllMembers\":true", "\"admitsAllMembers\":false", StringComparison.Ordinal).Replace("\"revocations\":[", "\"revocations\":[ ", StringComparison.Ordinal) };
        Should.Throw<InvalidDataException>(() => OfflineGate.Load(widened, keys, new EcdsaP256Scheme(), TimeProvider.System));
        var stranger = new EcdsaP256Scheme().CreateKey();
        Should.Throw<InvalidDataException>(() => OfflineGate.Load(bundle, [new PublicKeyInfo(bundle.KeyId, "ES256", stranger.PublicKey)], new EcdsaP256Scheme(), TimeProvider.System));
        bundle.Body.ShouldNotContain("private", Case.Insensitive);
    }

    [Fact]
    public async Task Offline_scans_uploaded_later_become_access_events_at_their_own_time_once()
    {
        var w = await CodeWorld.CreateAsync(app);
        var (bundle, keys) = await DownloadAsync(w);
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(-5));
        var gate = OfflineGate.Load(bundle, keys, new EcdsaP256Scheme(), clock);
        var code = await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "李*华", clock.Now);
        gate.Check(code).Admitted.ShouldBeTrue();
        gate.Check(code).Refusal.ShouldBe(CodeRefusal.AlreadyUsed);

        var upload = new { scans = gate.Pending.Select(OfflineUploads.From).ToArray() };
        var first = await (await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/offline-scans", upload)).JsonAsync();
        first.GetProperty("recorded").GetInt32().ShouldBe(2, first.ToString());
        var again = await (await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/offline-scans", upload)).JsonAsync();
        again.GetProperty("duplicates").GetInt32().ShouldBe(2);

        (await app.CountAsync("select count(*) from places.access_events where place_id = @p and member_id = @m and admitted and at < now() - interval '4 minutes'",
            new { p = w.PlaceId, m = w.MemberId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from places.access_events where place_id = @p and reason = 'already_used'", new { p = w.PlaceId })).ShouldBe(1);

        var bad = await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/offline-scans",
            new { scans = new[] { new { atMs = DateTimeOffset.UtcNow.AddDays(9).ToUnixTimeMilliseconds(), memberId = w.MemberId, nonce = 5, admitted = true, result = "admitted" } } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.CountAsync("select count(*) from places.access_events where place_id = @p", new { p = w.PlaceId })).ShouldBe(2);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/member-codes/offline-scans", upload)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Suspending_needs_a_reason_and_the_member_s_subtree()
    {
        var w = await CodeWorld.CreateAsync(app);
        var noReason = await (await app.StaffApiAsync(w.World.OfficerA)).PostAsJsonAsync($"/api/v1/members/{w.MemberId}/code-suspension", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await app.StaffApiAsync(w.World.OfficerB)).PostAsJsonAsync($"/api/v1/members/{w.MemberId}/code-suspension", new { reason = "测试原因" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.World.ViewerA)).PostAsJsonAsync($"/api/v1/members/{w.MemberId}/code-suspension", new { reason = "测试原因" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CountAsync("select count(*) from member_code.suspensions where member_id = @m", new { m = w.MemberId })).ShouldBe(0);
    }
}
