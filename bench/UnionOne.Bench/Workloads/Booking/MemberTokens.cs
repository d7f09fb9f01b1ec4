using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Booking;

/// <summary>
/// Signs many members in the way the member app does, through the API: POST /api/v1/auth/member/code (the one-time
/// code is read back from the development SMS outbox by the phone's look-up hash, as the card workload does), then
/// POST /api/v1/auth/member/token for a bearer token. The app limits code and sign-in posts per client IP, as it should;
/// the members here stand for phones on many networks, so each group of <see cref="MembersPerAddress"/> connects
/// from its own loopback address (127.0.x.y), staying inside every per-IP limit.
/// </summary>
internal sealed partial class MemberTokens(BenchContext context)
{
    /// <summary>Below the app's default 30 code requests per IP and window.</summary>
    private const int MembersPerAddress = 25;

    public sealed record Member(long Id, string MemberNo, string Phone, string Token);

    /// <summary>Active members picked at random (with phones), signed in; the failures are counted, not fatal.</summary>
    public async Task<(IReadOnlyList<Member> Members, int Failed, string? FirstFailure)> SignInAsync(int count, CancellationToken ct)
    {
        var picked = await PickAsync(count, ct);
        var signedIn = new ConcurrentBag<Member>();
        var failures = new ConcurrentQueue<string>();
        var groups = picked.Select((m, i) => (m, i)).GroupBy(x => x.i / MembersPerAddress, x => x.m).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (group, token) =>
        {
            using var client = ClientFrom(Address(group.Key));
            foreach (var member in group)
            {
                try
                {
                    signedIn.Add(await SignInAsync(client, member, token));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Enqueue($"member {member.MemberNo}: {e.Message}");
                }
            }
        });
        return (signedIn.ToList(), failures.Count, failures.TryPeek(out var first) ? first : null);
    }

    private async Task<Member> SignInAsync(HttpClient client, (long Id, string MemberNo, string Phone) member, CancellationToken ct)
    {
        var hash = context.Cipher.LookupHash(PersonalDataPurposes.Phone, member.Phone);
        var since = await LastOutboxIdAsync(hash, ct);
        using (var sent = await client.PostAsJsonAsync("/api/v1/auth/member/code", new { phone = member.Phone }, ct))
        {
            if (!sent.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/v1/auth/member/code answered {(int)sent.StatusCode}");
        }
        var code = await WaitForCodeAsync(hash, since, ct) ?? throw new InvalidOperationException("no one-time code in messaging.sms_outbox within 10 s");
        using var response = await client.PostAsJsonAsync("/api/v1/auth/member/token", new { phone = member.Phone, code }, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"POST /api/v1/auth/member/token answered {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var token = json.RootElement.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("no accessToken");
        return new Member(member.Id, member.MemberNo, member.Phone, token);
    }

    private async Task<List<(long Id, string MemberNo, string Phone)>> PickAsync(int count, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select m.id, m.member_no, m.phone_enc from members.members m
            where m.status = 1 and not exists (select 1 from bookings.bookings b where b.member_id = m.id and b.status = 1)
              and not exists (select 1 from bookings.member_states s where s.member_id = m.id and s.blocked_until > now())
            order by random() limit @count
            """, conn);
        cmd.Parameters.AddWithValue("count", count);
        var result = new List<(long, string, string)>(count);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result.Add((r.GetInt64(0), r.GetString(1), context.Cipher.Decrypt(PersonalDataPurposes.Phone, r.GetFieldValue<byte[]>(2))));
        return result;
    }

    private async Task<long> LastOutboxIdAsync(byte[] hash, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select coalesce(max(id), 0) from messaging.sms_outbox where phone_hash = @h", conn);
        cmd.Parameters.AddWithValue("h", hash);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string?> WaitForCodeAsync(byte[] hash, long since, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using (var conn = await context.Db.OpenConnectionAsync(ct))
            await using (var cmd = new NpgsqlCommand("select body from messaging.sms_outbox where phone_hash = @h and id > @since order by id desc limit 1", conn))
            {
                cmd.Parameters.AddWithValue("h", hash);
                cmd.Parameters.AddWithValue("since", since);
                if (await cmd.ExecuteScalarAsync(ct) is string body && SixDigits().Match(body) is { Success: true } m) return m.Value;
            }
            await Task.Delay(100, ct);
        }
        return null;
    }

    /// <summary>127.0.x.y for group <paramref name="index"/> (127.0.0.1 itself is left to the other workloads).</summary>
    private static IPAddress Address(int index) => new([127, 0, (byte)(index / 250), (byte)(index % 250 + 2)]);

    private HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = async (connect, token) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(connect.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = context.Settings.AppUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
