namespace UnionOne.Modules.Bookings;

/// <summary>Marker for the Bookings module's texts (keys are the zh-CN text; BookingsText.en.resx holds English).</summary>
public sealed class BookingsText;
