using Npgsql;

namespace UnionOne.Modules.Places.Contracts;

/// <summary>Kinds of union place (阵地).</summary>
public enum PlaceKind
{
    /// <summary>工人文化宫</summary>
    CulturalPalace = 1,

    /// <summary>文化宫内的厅室（服务大厅、健身房、法律援助中心、健康中心）</summary>
    PalaceHall = 2,

    /// <summary>职工之家</summary>
    WorkersHome = 3,

    /// <summary>户外劳动者驿站</summary>
    OutdoorStation = 4,

    /// <summary>工间活动站</summary>
    WorkshopStation = 5,

    /// <summary>职工书屋</summary>
    Library = 6,
}

/// <summary>Who may enter by member code.</summary>
public enum PlaceAdmission
{
    AllMembers = 1,

    /// <summary>Only members of the owning union's subtree (e.g. a factory's workshop station).</summary>
    SubtreeMembers = 2,
}

public enum PlaceStatus
{
    Open = 1,
    Rectifying = 2,
    Closed = 3,
}

public enum AccessDirection
{
    In = 1,
    Out = 2,
}

/// <summary>What other modules may know of a place.</summary>
public sealed record PlaceRef(long Id, long UnionId, PlaceKind Kind, string Name, PlaceAdmission Admits, PlaceStatus Status, int Capacity)
{
    public bool AcceptsVisitors => Status != PlaceStatus.Closed;

    /// <summary>For a hall (文化宫厅室): its workers' cultural palace.</summary>
    public long? ParentPlaceId { get; init; }
}

public interface IPlaceDirectory
{
    Task<PlaceRef?> FindAsync(long placeId, CancellationToken ct = default);
}

/// <summary>One scan at a gate or door. MemberId is null when the code named nobody (forged or unreadable); AtUtc is given for
/// scans a gate made offline and uploads later (else the time of recording).</summary>
public sealed record AccessEvent(long PlaceId, long? DeviceId, long? MemberId, AccessDirection Direction, bool Admitted, string? Reason, DateTime? AtUtc = null);

/// <summary>The access log of places: written by the member-code gate, read by bookings (no-shows) and dashboards.</summary>
public interface IAccessEvents
{
    /// <summary>A command that records the event, for the caller to run in its own batch and transaction (one round trip).</summary>
    NpgsqlBatchCommand RecordCommand(AccessEvent accessEvent);

    Task RecordAsync(AccessEvent accessEvent, CancellationToken ct = default);

    /// <summary>True when the member was admitted into the place at some time in [from, to).</summary>
    Task<bool> HasEntryAsync(long memberId, long placeId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default);
}

/// <summary>
/// Live occupancy of a place. When the place scans exits: admitted entries minus exits since local midnight (never below 0);
/// else the members admitted within the typical stay (the place's own, or the Places:TypicalStayMinutes option).
/// </summary>
public sealed record PlaceOccupancy(long PlaceId, int Present, int Capacity, int VisitsToday, bool CountsExits, int TypicalStayMinutes)
{
    /// <summary>Share of the capacity in use (0 when the capacity is not set).</summary>
    public double Load => Capacity > 0 ? Math.Min(1.0, (double)Present / Capacity) : 0;
}

/// <summary>Counts from the access log: live occupancy and today's visits (admitted entries).</summary>
public interface IPlaceOccupancy
{
    Task<PlaceOccupancy?> OccupancyAsync(long placeId, CancellationToken ct = default);

    Task<IReadOnlyDictionary<long, PlaceOccupancy>> OccupancyAsync(IReadOnlyCollection<long> placeIds, CancellationToken ct = default);
}

/// <summary>Places of the demo city (called once by the demo-data seeder, after it has created the unions).</summary>
public interface IPlaceDemoSeeder
{
    /// <summary>Adds the demo places for the unions (by name) that exist in the map; returns how many places were added.</summary>
    Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, CancellationToken ct = default);
}
