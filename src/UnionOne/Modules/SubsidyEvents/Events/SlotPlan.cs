using UnionOne.Modules.SubsidyEvents.Domain;

namespace UnionOne.Modules.SubsidyEvents.Events;

/// <summary>The timed entry slots an event input asks for: days × slots per day, back to back from the first start, in UTC.</summary>
internal static class SlotPlan
{
    public static IReadOnlyList<(DateTime StartsAt, DateTime EndsAt)> From(EventInput input)
    {
        var first = LocalTime.ParseDay(input.FirstDay)!.Value;
        var start = LocalTime.ParseMinute(input.FirstSlotStart)!.Value;
        var slots = new List<(DateTime, DateTime)>(input.Days!.Value * input.SlotsPerDay!.Value);
        for (var d = 0; d < input.Days.Value; d++)
        {
            for (var i = 0; i < input.SlotsPerDay.Value; i++)
            {
                var from = LocalTime.ToUtc(first.AddDays(d), start + i * input.SlotMinutes!.Value);
                slots.Add((from, from.AddMinutes(input.SlotMinutes.Value)));
            }
        }
        return slots;
    }
}
