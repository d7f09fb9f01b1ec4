namespace UnionOne.Modules.Bookings.Book;

/// <summary>A slot of a resource on one day, as a member sees it.</summary>
internal sealed record SlotView(long Id, DateOnly Day, DateTime StartsAt, DateTime EndsAt, string Time, int Seats, int Free, bool Mine, bool Bookable, string? Why);

internal sealed record DaySlots(long ResourceId, string ResourceName, long PlaceId, DateOnly Day, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<SlotView> Slots);

internal sealed record BookingView(
    long Id,
    long SlotId,
    long ResourceId,
    string ResourceName,
    long PlaceId,
    string PlaceName,
    DateOnly Day,
    DateTime StartsAt,
    DateTime EndsAt,
    string Time,
    int SeatNo,
    string Status,
    string StatusLabel,
    DateTime CancelDeadline,
    bool CanCancel);

internal sealed record MyBookings(IReadOnlyList<BookingView> Upcoming, IReadOnlyList<BookingView> History);

internal sealed record BookRequest(long? SlotId);
