using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>An applicant as the draw sees it: the application id, the slot asked for (null: any) and whether another slot is acceptable.</summary>
public sealed record DrawApplicant(long ApplicationId, long? PreferredSlotId, bool AcceptOther);

/// <summary>A slot as the draw sees it: id, start (for ordering) and places.</summary>
public sealed record DrawSlot(long SlotId, DateTime StartsAt, int Capacity);

/// <summary>
/// The published, deterministic draw (docs/decisions/0010-subsidy-lottery.md). Anyone holding the revealed seed (and the public
/// random value, when the event named one), the slots and the applicant list can run it and must get the same winners:
/// <list type="number">
/// <item>Each applicant's ticket is HMAC-SHA256(key = <see cref="DrawKey"/>, message = the application id in decimal ASCII); applicants are ordered
/// by ticket (bytes compared as unsigned, big-endian), ties (impossible in practice) by application id.</item>
/// <item>Round 1: for each slot, the applicants who asked for it, in ticket order, take its places until none is left.</item>
/// <item>Round 2: everyone not placed who asked for any slot or accepts another slot, in ticket order, takes the remaining places
/// in slot order (earliest start first, then slot id), one after another.</item>
/// <item>Everyone else is not drawn.</item>
/// </list>
/// </summary>
public static class LotteryDraw
{
    public const int SeedBytes = 32;

    public static byte[] Commitment(byte[] seed) => SHA256.HashData(seed);

    /// <summary>
    /// The key the tickets are made with: the seed itself, or, when the event named a public random value (公开随机数) in advance,
    /// HMAC-SHA256(key = seed, message = "beacon:" + the value with all white space removed, UTF-8). The operator holds the seed
    /// from the start but cannot know this key, hence the winners, before the value is announced.
    /// </summary>
    public static byte[] DrawKey(byte[] seed, string? beaconValue) =>
        NormalizeBeacon(beaconValue) is { } value ? HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes("beacon:" + value)) : seed;

    /// <summary>The public value as it enters the draw: all white space removed ("03 07 12" and "030712" are the same draw); null when empty.</summary>
    public static string? NormalizeBeacon(string? text)
    {
        var value = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c)));
        return value.Length == 0 ? null : value;
    }

    public static byte[] Ticket(byte[] seed, long applicationId) =>
        HMACSHA256.HashData(seed, Encoding.ASCII.GetBytes(applicationId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Winners: application id → slot id. Losers are absent. <paramref name="seed"/> is the draw key (<see cref="DrawKey"/>).</summary>
    public static IReadOnlyDictionary<long, long> Run(byte[] seed, IReadOnlyList<DrawSlot> slots, IReadOnlyList<DrawApplicant> applicants)
    {
        if (seed.Length != SeedBytes) throw new ArgumentException("The seed must be 32 bytes.", nameof(seed));
        var ordered = applicants
            .Select(a => (Applicant: a, Ticket: Ticket(seed, a.ApplicationId)))
            .OrderBy(x => x.Ticket, TicketComparer.Instance).ThenBy(x => x.Applicant.ApplicationId)
            .Select(x => x.Applicant)
            .ToList();
        var left = slots.ToDictionary(s => s.SlotId, s => s.Capacity);
        var winners = new Dictionary<long, long>();
        foreach (var a in ordered)
        {
            if (a.PreferredSlotId is { } wanted && left.TryGetValue(wanted, out var free) && free > 0)
            {
                winners[a.ApplicationId] = wanted;
                left[wanted] = free - 1;
            }
        }
        var rest = slots.OrderBy(s => s.StartsAt).ThenBy(s => s.SlotId).Select(s => s.SlotId).ToList();
        var cursor = 0;
        foreach (var a in ordered)
        {
            if (winners.ContainsKey(a.ApplicationId)) continue;
            if (a.PreferredSlotId is not null && !a.AcceptOther) continue;
            while (cursor < rest.Count && left[rest[cursor]] == 0) cursor++;
            if (cursor == rest.Count) break;
            winners[a.ApplicationId] = rest[cursor];
            left[rest[cursor]]--;
        }
        return winners;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>A 64-hex-digit seed as typed (spaces ignored, any case), or null.</summary>
    public static byte[]? ParseSeed(string? text)
    {
        var s = (text ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (s.Length != SeedBytes * 2) return null;
        try
        {
            return Convert.FromHexString(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class TicketComparer : IComparer<byte[]>
    {
        public static readonly TicketComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>The first 8 bytes of a ticket as a number (shown on the publication for reading, not used for ordering).</summary>
    public static ulong TicketPrefix(byte[] ticket) => BinaryPrimitives.ReadUInt64BigEndian(ticket);
}
