using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.Members.Contracts;

namespace UnionOne.Modules.MemberCode.Revocation;

/// <summary>
/// The server's current revocation list, re-read at most every <see cref="MemberCodeOptions.RevocationRefreshSeconds"/>:
/// membership changes from the Members module and this module's suspensions within the revocation window. A member who
/// leaves stops passing online within one refresh, and at a device within one download of its bundle.
/// </summary>
internal sealed class RevocationCache(NpgsqlDataSource dataSource, IMemberDirectory members, IOptions<MemberCodeOptions> options, TimeProvider clock)
    : IRevocations
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile RevocationList current = RevocationList.Empty;

    public RevocationList Current => current;

    public bool IsRevoked(long memberId, long issuedAtMs) => current.IsRevoked(memberId, issuedAtMs);

    public async ValueTask<RevocationList> FreshAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - current.BuiltAtMs <= options.Value.RevocationRefreshSeconds * 1000L) return current;
        return await RefreshAsync(ct);
    }

    /// <summary>Re-reads now (after a suspension in this instance, and in tests).</summary>
    public async Task<RevocationList> RefreshAsync(CancellationToken ct)
    {
        var startedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await refreshing.WaitAsync(ct);
        try
        {
            // Someone else refreshed while this caller waited: their list is at least as new as this caller needs.
            if (current.BuiltAtMs >= startedMs) return current;
            var since = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.RevocationWindowHours);
            var changes = await members.ChangesSinceAsync(since, ct);
            List<SuspensionRow> suspensions;
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                suspensions = (await conn.QueryAsync<SuspensionRow>(new CommandDefinition("""
                    select member_id as MemberId, suspended_at as SuspendedAt, lifted_at is null as Active from member_code.suspensions
                    where lifted_at is null or lifted_at > @since
                    """, new { since }, cancellationToken: ct))).AsList();
            }
            var entries = changes.Select(c => new RevocationEntry(c.MemberId, ToMs(c.AtUtc)))
                .Concat(suspensions.Select(s => new RevocationEntry(s.MemberId, ToMs(s.SuspendedAt))));
            var list = new RevocationList(entries, suspensions.Where(s => s.Active).Select(s => s.MemberId), startedMs);
            current = list;
            return list;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private static long ToMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private sealed record SuspensionRow(long MemberId, DateTime SuspendedAt, bool Active);
}
