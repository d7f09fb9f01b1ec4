using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Bookings;

/// <summary>Member booking rules and the background work (section "Bookings"), validated on start.</summary>
internal sealed class BookingOptions
{
    public const string Section = "Bookings";

    /// <summary>Bookings a member may hold at once whose slot has not ended yet.</summary>
    public int MaxActiveBookings { get; set; } = 2;

    /// <summary>Bookings a member may hold on one day at one place.</summary>
    public int MaxPerDayPerPlace { get; set; } = 1;

    /// <summary>No-shows within <see cref="NoShowWindowDays"/> that block booking.</summary>
    public int NoShowLimit { get; set; } = 3;

    public int NoShowWindowDays { get; set; } = 30;

    /// <summary>Days a member may not book after reaching the no-show limit.</summary>
    public int BlockDays { get; set; } = 14;

    /// <summary>An entry scan this many minutes before the slot starts still counts as showing up.</summary>
    public int EarlyEntryMinutes { get; set; } = 15;

    /// <summary>Days of slots kept generated ahead (today included).</summary>
    public int SlotHorizonDays { get; set; } = 14;

    /// <summary>How often the worker records no-shows and tops up the slots.</summary>
    public int SweepIntervalSeconds { get; set; } = 300;

    /// <summary>The worker can be turned off (e.g. on a second instance); the sweep service still works when called.</summary>
    public bool WorkerEnabled { get; set; } = true;
}

internal sealed class BookingOptionsValidator : IValidateOptions<BookingOptions>
{
    public ValidateOptionsResult Validate(string? name, BookingOptions o)
    {
        var errors = new List<string>();
        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max) errors.Add($"Bookings:{key} must be between {min} and {max}.");
        }
        Range(o.MaxActiveBookings, 1, 50, nameof(o.MaxActiveBookings));
        Range(o.MaxPerDayPerPlace, 1, 20, nameof(o.MaxPerDayPerPlace));
        Range(o.NoShowLimit, 1, 100, nameof(o.NoShowLimit));
        Range(o.NoShowWindowDays, 1, 365, nameof(o.NoShowWindowDays));
        Range(o.BlockDays, 1, 365, nameof(o.BlockDays));
        Range(o.EarlyEntryMinutes, 0, 120, nameof(o.EarlyEntryMinutes));
        Range(o.SlotHorizonDays, 1, 60, nameof(o.SlotHorizonDays));
        Range(o.SweepIntervalSeconds, 5, 86400, nameof(o.SweepIntervalSeconds));
        if (o.MaxPerDayPerPlace > o.MaxActiveBookings) errors.Add("Bookings:MaxPerDayPerPlace must not exceed Bookings:MaxActiveBookings.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
