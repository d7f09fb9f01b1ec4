using UnionOne.Modules.SubsidyEvents.Events;

namespace UnionOne.Modules.SubsidyEvents.Pages;

/// <summary>The publish form's fields as typed (the service validates); money in 元.</summary>
public sealed class EventForm
{
    public long? UnionId { get; set; }

    public string? Name { get; set; }

    public string? Venue { get; set; }

    public string? Mode { get; set; } = Modes.Lottery;

    public int? DiscountMinPercent { get; set; } = 5;

    public int? DiscountMaxPercent { get; set; } = 30;

    public string? CapYuan { get; set; } = "2000";

    public string? ApplyOpensAt { get; set; }

    public string? ApplyClosesAt { get; set; }

    public string? FirstDay { get; set; }

    public int? Days { get; set; } = 3;

    public string? FirstSlotStart { get; set; } = "09:00";

    public int? SlotMinutes { get; set; } = 30;

    public int? SlotsPerDay { get; set; } = 10;

    public int? Capacity { get; set; } = 500;

    public string? BeaconSource { get; set; }

    internal EventInput ToInput() => new(UnionId, Name, Venue, Mode, DiscountMinPercent, DiscountMaxPercent,
        Platform.Money.Fen.TryParseYuan(CapYuan, out var fen) ? fen : null, ApplyOpensAt, ApplyClosesAt, FirstDay, Days, FirstSlotStart, SlotMinutes, SlotsPerDay, Capacity,
        BeaconSource);
}
