namespace UnionOne.Modules.Bookings.Domain;

internal enum BookingStatus : short
{
    Booked = 1,
    Cancelled = 2,
    Attended = 3,
    NoShow = 4,
}

internal static class BookingStatusLabels
{
    public static string Label(this BookingStatus status) => status switch
    {
        BookingStatus.Booked => "已预约",
        BookingStatus.Cancelled => "已取消",
        BookingStatus.Attended => "已到场",
        BookingStatus.NoShow => "爽约",
        _ => "未知",
    };

    public static string Code(this BookingStatus status) => status switch
    {
        BookingStatus.Booked => "booked",
        BookingStatus.Cancelled => "cancelled",
        BookingStatus.Attended => "attended",
        BookingStatus.NoShow => "no-show",
        _ => "unknown",
    };
}
