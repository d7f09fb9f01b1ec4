using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Manage;

/// <summary>The "六有" checklist: 有标识, 有布局, 有设施, 有功能, 有制度, 上地图.</summary>
public sealed record PlaceChecklist(bool Sign, bool Layout, bool Facilities, bool Functions, bool Rules, bool OnMap)
{
    public static PlaceChecklist None { get; } = new(false, false, false, false, false, false);

    public IReadOnlyList<bool> Items => [Sign, Layout, Facilities, Functions, Rules, OnMap];

    public int Count => Items.Count(x => x);
}

/// <summary>What staff enter for a place (API body and console form). Coordinates are WGS-84.</summary>
public sealed record PlaceInput(
    long UnionId,
    PlaceKind Kind,
    long? ParentPlaceId,
    string? Name,
    string? Address,
    double? Latitude,
    double? Longitude,
    bool Open24h,
    IReadOnlyList<HoursRule>? OpeningHours,
    IReadOnlyList<string>? Facilities,
    int? Capacity,
    PlaceAdmission Admits,
    string? ContactPhone,
    PlaceChecklist? Checklist,
    bool ScansExits = false,
    int? TypicalStayMinutes = null);

internal static class PlacePermissions
{
    /// <summary>Creating, editing and closing places (chair, vice-chair, officer); viewers read.</summary>
    public const Permission Manage = Permission.ManagePlaces;
}
