using Microsoft.Extensions.Localization;

namespace UnionOne.Modules.Bookings.Pages;

internal static class DayNames
{
    public static string Weekday(DateOnly day, IStringLocalizer l) => day.DayOfWeek switch
    {
        DayOfWeek.Monday => l["周一"],
        DayOfWeek.Tuesday => l["周二"],
        DayOfWeek.Wednesday => l["周三"],
        DayOfWeek.Thursday => l["周四"],
        DayOfWeek.Friday => l["周五"],
        DayOfWeek.Saturday => l["周六"],
        _ => l["周日"],
    };

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
