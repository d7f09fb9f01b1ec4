using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Manage;

/// <summary>A place as staff see it (everything but the photos' bytes).</summary>
public sealed record PlaceDetail(
    long Id,
    long UnionId,
    string UnionName,
    PlaceKind Kind,
    long? ParentPlaceId,
    string? ParentPlaceName,
    string Name,
    string Address,
    GeoPoint Wgs84,
    GeoPoint Gcj02,
    bool Open24h,
    IReadOnlyList<HoursRule> OpeningHours,
    IReadOnlyList<string> Facilities,
    int Capacity,
    PlaceAdmission Admits,
    PlaceStatus Status,
    string? ClosedReason,
    string? ContactPhone,
    PlaceChecklist Checklist,
    bool ScansExits,
    int? TypicalStayMinutes,
    IReadOnlyList<long> PhotoIds,
    IReadOnlyList<PlaceListItem> Halls,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public PlaceInput ToInput() => new(UnionId, Kind, ParentPlaceId, Name, Address, Wgs84.Latitude, Wgs84.Longitude, Open24h, OpeningHours,
        Facilities, Capacity, Admits, ContactPhone, Checklist, ScansExits, TypicalStayMinutes);
}

public sealed record PlaceListItem(long Id, long UnionId, string UnionName, PlaceKind Kind, string Name, string Address, PlaceStatus Status, int Capacity, int ChecklistCount, bool Open24h);

/// <summary>A database row of places.places (Dapper maps by name; types as PostgreSQL gives them).</summary>
internal sealed class PlaceRow
{
    public long Id { get; set; }
    public long UnionId { get; set; }
    public short Kind { get; set; }
    public long? ParentPlaceId { get; set; }
    public string? ParentName { get; set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public bool Open24h { get; set; }
    public string OpeningHours { get; set; } = "[]";
    public string[] Facilities { get; set; } = [];
    public int Capacity { get; set; }
    public short Admits { get; set; }
    public short Status { get; set; }
    public string? ClosedReason { get; set; }
    public string? ContactPhone { get; set; }
    public bool HasSign { get; set; }
    public bool HasLayout { get; set; }
    public bool HasFacilities { get; set; }
    public bool HasFunctions { get; set; }
    public bool HasRules { get; set; }
    public bool OnMap { get; set; }
    public bool ScansExits { get; set; }
    public short? TypicalStayMinutes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public const string Columns = """
        p.id, p.union_id as UnionId, p.kind, p.parent_place_id as ParentPlaceId, pp.name as ParentName, p.name, p.address, p.latitude, p.longitude,
        p.open_24h as Open24h, p.opening_hours::text as OpeningHours, p.facilities, p.capacity, p.admits, p.status, p.closed_reason as ClosedReason,
        p.contact_phone as ContactPhone, p.has_sign as HasSign, p.has_layout as HasLayout, p.has_facilities as HasFacilities,
        p.has_functions as HasFunctions, p.has_rules as HasRules, p.on_map as OnMap, p.scans_exits as ScansExits,
        p.typical_stay_minutes as TypicalStayMinutes, p.created_at as CreatedAt, p.updated_at as UpdatedAt
        from places.places p left join places.places pp on pp.id = p.parent_place_id
        """;

    public PlaceChecklist Checklist => new(HasSign, HasLayout, HasFacilities, HasFunctions, HasRules, OnMap);

    public GeoPoint Wgs84 => new(Latitude, Longitude);
}
