using UnionOne.Modules.Bookings.Resources;

namespace UnionOne.Modules.Bookings.Pages;

/// <summary>The resource form's fields (strings and numbers as typed; the service validates).</summary>
public sealed class ResourceForm
{
    public long? PlaceId { get; set; }

    public string? Name { get; set; }

    public string? CapacityNote { get; set; }

    public int? Seats { get; set; } = 1;

    public int? SlotMinutes { get; set; } = 60;

    public string? OpensAt { get; set; } = "08:00";

    public string? ClosesAt { get; set; } = "22:00";

    public int? DaysAhead { get; set; } = 7;

    public int? CancelBeforeMinutes { get; set; } = 120;

    internal ResourceInput ToInput() => new(PlaceId, Name, CapacityNote, Seats, SlotMinutes, OpensAt, ClosesAt, DaysAhead, CancelBeforeMinutes);

    internal static ResourceForm From(ResourceView r) => new()
    {
        PlaceId = r.PlaceId,
        Name = r.Name,
        CapacityNote = r.CapacityNote,
        Seats = r.Seats,
        SlotMinutes = r.SlotMinutes,
        OpensAt = r.OpensAt,
        ClosesAt = r.ClosesAt,
        DaysAhead = r.DaysAhead,
        CancelBeforeMinutes = r.CancelBeforeMinutes,
    };
}
