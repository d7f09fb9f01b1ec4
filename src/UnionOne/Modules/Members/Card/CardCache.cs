using Microsoft.Extensions.Caching.Memory;

namespace UnionOne.Modules.Members.Card;

/// <summary>
/// Member cards by phone hash, in this instance's memory. The card page reloads itself every 30 s for a fresh member code
/// (at a 50,000-person event that is most of the card traffic), and the row behind it seldom changes, so the reload need
/// not read it again. PostgreSQL tells every instance at commit which cards changed (trigger members.notify_card_changed,
/// <see cref="CardChangeListener"/>); nothing is stored or served unless that listener is connected, and losing it drops
/// everything. A read that overlapped a change is served but not stored, so a stale row can never be stored after its
/// notification. What is cached is what the card shows (the ID number masked), never a phone or ID number.
/// </summary>
internal sealed class CardCache : IDisposable
{
    /// <summary>Entries kept at most (an entry is a few hundred bytes): more than the members showing a card at once at the largest event.</summary>
    public const int Capacity = 200_000;

    /// <summary>A card not looked at for this long is dropped; an open card is reloaded every 30 s.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    /// <summary>A safety net only: every change is notified.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    private readonly MemoryCache cards = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.2 });
    private readonly Lock storing = new();
    private long changes;
    private volatile bool listening;

    /// <summary>True while change notifications reach this instance (entries are stored and served only then).</summary>
    public bool Listening => listening;

    /// <summary>Taken before reading a card from the database, handed back to <see cref="Store"/>.</summary>
    public long Version => Interlocked.Read(ref changes);

    public bool TryGet(byte[] phoneHash, out MemberCard? card)
    {
        card = null;
        return listening && cards.TryGetValue(Key(phoneHash), out card) && card is not null;
    }

    /// <summary>Stores a card read after <paramref name="versionBeforeRead"/>, unless a change arrived since (then the row may be stale).</summary>
    public void Store(byte[] phoneHash, MemberCard card, long versionBeforeRead)
    {
        lock (storing)
        {
            if (!listening || Interlocked.Read(ref changes) != versionBeforeRead) return;
            using var entry = cards.CreateEntry(Key(phoneHash));
            entry.Value = card;
            entry.Size = 1;
            entry.SlidingExpiration = Idle;
            entry.AbsoluteExpirationRelativeToNow = MaxAge;
        }
    }

    /// <summary>A notification: comma-separated phone hashes (hex), or "*" for all.</summary>
    public void Changed(string payload)
    {
        lock (storing)
        {
            Interlocked.Increment(ref changes);
            if (payload == "*")
            {
                cards.Clear();
                return;
            }
            foreach (var range in payload.AsSpan().Split(','))
            {
                var key = payload[range].Trim();
                if (key.Length > 0) cards.Remove(key.ToLowerInvariant());
            }
        }
    }

    /// <summary>The listener is connected (LISTEN has run): start from empty.</summary>
    public void Connected() => Reset(listen: true);

    /// <summary>The listener lost its connection: changes may be missed from now on, so nothing is kept or served.</summary>
    public void Disconnected() => Reset(listen: false);

    private void Reset(bool listen)
    {
        lock (storing)
        {
            Interlocked.Increment(ref changes);
            listening = listen;
            cards.Clear();
        }
    }

    private static string Key(byte[] phoneHash) => Convert.ToHexStringLower(phoneHash);

    public void Dispose() => cards.Dispose();
}
