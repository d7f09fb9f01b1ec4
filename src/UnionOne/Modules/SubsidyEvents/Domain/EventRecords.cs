namespace UnionOne.Modules.SubsidyEvents.Domain;

internal enum AllocationMode : short
{
    FirstCome = 1,
    Lottery = 2,
}

internal enum EventStatus : short
{
    Open = 1,
    Drawn = 2,
}

internal enum ApplicationStatus : short
{
    Applied = 1,
    Won = 2,
    NotDrawn = 3,
}

/// <summary>An event row as stored (the seed stays inside the module until the draw).</summary>
internal sealed record EventRow(
    long Id, long UnionId, string Name, string Venue, short Mode, short DiscountMinPct, short DiscountMaxPct, long CapFen,
    DateTime ApplyOpensAt, DateTime ApplyClosesAt, byte[] Seed, byte[] SeedSha256, short Status, DateTime? DrawnAt, int? ApplicantsDrawn,
    string? BeaconSource, string? BeaconValue)
{
    public AllocationMode AllocationMode => (AllocationMode)Mode;

    public bool Drawn => Status == (short)EventStatus.Drawn;

    public SubsidyRule Rule => new(DiscountMinPct, DiscountMaxPct, CapFen);

    public const string Columns = """
        e.id, e.union_id as UnionId, e.name, e.venue, e.mode, e.discount_min_pct as DiscountMinPct, e.discount_max_pct as DiscountMaxPct,
        e.cap_fen as CapFen, e.apply_opens_at as ApplyOpensAt, e.apply_closes_at as ApplyClosesAt, e.seed, e.seed_sha256 as SeedSha256,
        e.status, e.drawn_at as DrawnAt, e.applicants_drawn as ApplicantsDrawn, e.beacon_source as BeaconSource, e.beacon_value as BeaconValue
        """;
}

internal sealed record SlotRow(long Id, DateTime StartsAt, DateTime EndsAt, int Capacity, int Taken)
{
    public const string Columns = "s.id, s.starts_at as StartsAt, s.ends_at as EndsAt, s.capacity, s.taken";
}

/// <summary>A slot as shown (local times) with its places.</summary>
public sealed record SlotView(long Id, DateTime StartsAt, DateTime EndsAt, string Day, string Time, int Capacity, int Taken, int Free);

/// <summary>An event as members and staff see it (never the seed before the draw).</summary>
public sealed record EventView(
    long Id,
    long UnionId,
    string UnionName,
    string Name,
    string Venue,
    string Mode,
    string ModeLabel,
    int DiscountMinPercent,
    int DiscountMaxPercent,
    long CapFen,
    string RuleText,
    DateTime ApplyOpensAt,
    DateTime ApplyClosesAt,
    string WindowText,
    string Phase,
    string PhaseLabel,
    string Commitment,
    string? Seed,
    DateTime? DrawnAt,
    int Places,
    int Taken,
    long Applications,
    IReadOnlyList<SlotView> Slots,
    string? BeaconSource,
    string? BeaconValue);

/// <summary>A member's own application.</summary>
public sealed record ApplicationView(
    long Id, long EventId, string Status, string StatusLabel, long? PreferredSlotId, bool AcceptOther, long? SlotId, string? SlotText,
    DateTime CreatedAt, bool ReceiptSent, DateTime? EnteredAt);
