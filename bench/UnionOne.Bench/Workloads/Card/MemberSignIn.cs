using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Card;

/// <summary>
/// Signs a member in the way a phone does: the sign-in page, a one-time code by SMS (read back from the development
/// outbox, messaging.sms_outbox, by the phone's look-up hash), the code posted on the page, and the member cookie kept.
/// A random active member is used on each run (codes are limited per phone and day).
/// </summary>
internal sealed partial class MemberSignIn(BenchContext context)
{
    private const string SignInPath = "/m/sign-in";

    public sealed record Member(long Id, string MemberNo, string Phone);

    /// <summary>The signed-in member and the Cookie header to send, or the reason it could not be done.</summary>
    public sealed record Outcome(Member? Member, string? Cookie, string? Failure);

    public async Task<Outcome> SignInAsync(CancellationToken ct)
    {
        var member = await PickMemberAsync(ct);
        if (member is null) return new Outcome(null, null, "no active member with a phone in the bench database");

        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = context.Settings.AppUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var page = await client.GetAsync(SignInPath, ct);
        if (page.StatusCode != HttpStatusCode.OK) return Fail($"GET {SignInPath} answered {(int)page.StatusCode}");
        var phoneForm = HtmlForm.Parse(await page.Content.ReadAsStringAsync(ct)).FirstOrDefault(f => f.FieldEndingWith("Phone") is not null && f.FieldEndingWith("Code") is null);
        if (phoneForm?.FieldEndingWith("Phone") is not { } phoneField) return Fail($"{SignInPath} has no phone form");

        var since = await LastOutboxIdAsync(member.Phone, ct);
        var sent = await client.PostAsync(SignInPath, phoneForm.Post(new Dictionary<string, string> { [phoneField] = member.Phone }), ct);
        if (sent.StatusCode != HttpStatusCode.OK) return Fail($"posting the phone answered {(int)sent.StatusCode}");
        var codePage = await sent.Content.ReadAsStringAsync(ct);
        var code = await WaitForCodeAsync(member.Phone, since, ct);
        if (code is null) return Fail("no one-time code appeared in messaging.sms_outbox within 10 s");

        var codeForm = HtmlForm.Parse(codePage).FirstOrDefault(f => f.FieldEndingWith("Code") is not null);
        if (codeForm?.FieldEndingWith("Code") is not { } codeField) return Fail($"{SignInPath} showed no code form after the phone was posted");
        var values = new Dictionary<string, string> { [codeField] = code };
        if (codeForm.FieldEndingWith("Phone") is { } hiddenPhone && string.IsNullOrEmpty(codeForm.Hidden(hiddenPhone))) values[hiddenPhone] = member.Phone;
        var verified = await client.PostAsync(SignInPath, codeForm.Post(values), ct);
        if (verified.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            return Fail($"posting the code answered {(int)verified.StatusCode} instead of a redirect");

        var cookie = cookies.GetCookieHeader(context.Settings.AppUrl);
        return string.IsNullOrEmpty(cookie) ? Fail("signed in but no cookie was set") : new Outcome(member, cookie, null);

        Outcome Fail(string reason) => new(member, null, "member sign-in: " + reason);
    }

    private async Task<Member?> PickMemberAsync(CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select id, member_no, phone_enc from members.members tablesample system (1) where status = 1 limit 50", conn);
        var candidates = new List<(long Id, string No, byte[] Enc)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) candidates.Add((r.GetInt64(0), r.GetString(1), r.GetFieldValue<byte[]>(2)));
        }
        if (candidates.Count == 0)
        {
            cmd.CommandText = "select id, member_no, phone_enc from members.members where status = 1 order by random() limit 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) candidates.Add((r.GetInt64(0), r.GetString(1), r.GetFieldValue<byte[]>(2)));
        }
        if (candidates.Count == 0) return null;
        var pick = candidates[Random.Shared.Next(candidates.Count)];
        return new Member(pick.Id, pick.No, context.Cipher.Decrypt(PersonalDataPurposes.Phone, pick.Enc));
    }

    private async Task<long> LastOutboxIdAsync(string phone, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select coalesce(max(id), 0) from messaging.sms_outbox where phone_hash = @h", conn);
        cmd.Parameters.AddWithValue("h", context.Cipher.LookupHash(PersonalDataPurposes.Phone, phone));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The newest code texted to the phone after <paramref name="since"/> (or the newest at all: a code asked for a moment ago stays good).</summary>
    private async Task<string?> WaitForCodeAsync(string phone, long since, CancellationToken ct)
    {
        var hash = context.Cipher.LookupHash(PersonalDataPurposes.Phone, phone);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using (var conn = await context.Db.OpenConnectionAsync(ct))
            await using (var cmd = new NpgsqlCommand("select id, body from messaging.sms_outbox where phone_hash = @h order by id desc limit 1", conn))
            {
                cmd.Parameters.AddWithValue("h", hash);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                if (await r.ReadAsync(ct) && (r.GetInt64(0) > since || attempt >= 10) && SixDigits().Match(r.GetString(1)) is { Success: true } m)
                    return m.Value;
            }
            await Task.Delay(200, ct);
        }
        return null;
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
