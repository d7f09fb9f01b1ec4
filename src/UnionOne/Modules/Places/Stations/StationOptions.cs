using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Places.Stations;

/// <summary>
/// Rules of station management (configuration section "Stations"), validated on start.
/// <para>
/// Star rating of a month: three components, each 0-100, weighted (weights in percent, summing to 100):
/// inspection = the final score of the latest inspection within <see cref="WindowMonths"/> months ending with the month
/// rated (0 when none: a station must be inspected); usage = admitted visits per day in the month against
/// capacity × <see cref="FullUseVisitsPerSeatPerDay"/> (100 at or above it); satisfaction = the average member rating of
/// visits within the window mapped 1★→0, 5★→100, left out (the other weights rescaled) when fewer than
/// <see cref="MinRatings"/> members rated. The total gives the stars through the minimums below, and the stars the
/// yearly subsidy (integer fen).
/// </para>
/// </summary>
internal sealed class StationOptions
{
    public const string Section = "Stations";

    public int InspectionWeight { get; set; } = 40;

    public int UsageWeight { get; set; } = 30;

    public int SatisfactionWeight { get; set; } = 30;

    public int TwoStarMinimum { get; set; } = 60;

    public int ThreeStarMinimum { get; set; } = 70;

    public int FourStarMinimum { get; set; } = 80;

    public int FiveStarMinimum { get; set; } = 90;

    public long OneStarSubsidyFen { get; set; }

    public long TwoStarSubsidyFen { get; set; }

    public long ThreeStarSubsidyFen { get; set; } = 500_000;

    public long FourStarSubsidyFen { get; set; } = 800_000;

    /// <summary>12,000 元 a year.</summary>
    public long FiveStarSubsidyFen { get; set; } = 1_200_000;

    /// <summary>An inspection scoring below this failed.</summary>
    public int PassScore { get; set; } = 60;

    /// <summary>Months (ending with the month rated) in which the latest inspection and the members' ratings count.</summary>
    public int WindowMonths { get; set; } = 3;

    /// <summary>Admitted visits per day per place of capacity that count as full use (usage 100).</summary>
    public double FullUseVisitsPerSeatPerDay { get; set; } = 1.0;

    /// <summary>Fewest ratings in the window for satisfaction to count.</summary>
    public int MinRatings { get; set; } = 3;

    /// <summary>A month's usage score below this is low use.</summary>
    public int LowUseScore { get; set; } = 20;

    /// <summary>A month's satisfaction score below this is low satisfaction (50 = an average of 3 stars).</summary>
    public int LowSatisfactionScore { get; set; } = 50;

    /// <summary>Consecutive rated months with the same warning sign that put a station on the rectify-or-close list.</summary>
    public int FlagMonths { get; set; } = 3;

    /// <summary>A member may rate a visit admitted within this many days.</summary>
    public int RatingWindowDays { get; set; } = 7;

    /// <summary>Latest rectification deadline, in days after the inspection.</summary>
    public int RectifyMaxDays { get; set; } = 90;

    /// <summary>How far back an inspection may be dated (entered from a paper record).</summary>
    public int InspectionBackdateDays { get; set; } = 60;

    public int MaxPhotosPerInspection { get; set; } = 6;

    /// <summary>The most a photo may weigh (the table refuses more than 2 MB).</summary>
    public const int MaxPhotoBytes = 2 * 1024 * 1024;

    public long SubsidyFor(int stars) => stars switch
    {
        5 => FiveStarSubsidyFen,
        4 => FourStarSubsidyFen,
        3 => ThreeStarSubsidyFen,
        2 => TwoStarSubsidyFen,
        _ => OneStarSubsidyFen,
    };

    public int StarsFor(int total) =>
        total >= FiveStarMinimum ? 5 : total >= FourStarMinimum ? 4 : total >= ThreeStarMinimum ? 3 : total >= TwoStarMinimum ? 2 : 1;
}

internal sealed class StationOptionsValidator : IValidateOptions<StationOptions>
{
    public ValidateOptionsResult Validate(string? name, StationOptions o)
    {
        var errors = new List<string>();
        void Range(double value, double min, double max, string key)
        {
            if (value < min || value > max) errors.Add($"Stations:{key} must be between {min} and {max}.");
        }

        Range(o.InspectionWeight, 0, 100, nameof(o.InspectionWeight));
        Range(o.UsageWeight, 0, 100, nameof(o.UsageWeight));
        Range(o.SatisfactionWeight, 0, 100, nameof(o.SatisfactionWeight));
        if (o.InspectionWeight + o.UsageWeight + o.SatisfactionWeight != 100)
            errors.Add("Stations: InspectionWeight + UsageWeight + SatisfactionWeight must be 100.");
        if (o.InspectionWeight + o.UsageWeight == 0)
            errors.Add("Stations: inspection and usage cannot both weigh 0 (satisfaction may be missing).");
        int[] minimums = [o.TwoStarMinimum, o.ThreeStarMinimum, o.FourStarMinimum, o.FiveStarMinimum];
        if (minimums[0] < 1 || minimums[^1] > 100 || minimums.Zip(minimums.Skip(1)).Any(p => p.First >= p.Second))
            errors.Add("Stations: star minimums must rise strictly (TwoStar < ThreeStar < FourStar < FiveStar) within 1-100.");
        long[] subsidies = [o.OneStarSubsidyFen, o.TwoStarSubsidyFen, o.ThreeStarSubsidyFen, o.FourStarSubsidyFen, o.FiveStarSubsidyFen];
        if (subsidies.Any(s => s < 0) || subsidies.Zip(subsidies.Skip(1)).Any(p => p.First > p.Second))
            errors.Add("Stations: subsidies (fen per year) must be at least 0 and never fall as stars rise.");
        Range(o.PassScore, 1, 100, nameof(o.PassScore));
        Range(o.WindowMonths, 1, 12, nameof(o.WindowMonths));
        if (!(o.FullUseVisitsPerSeatPerDay > 0 && o.FullUseVisitsPerSeatPerDay <= 100))
            errors.Add("Stations:FullUseVisitsPerSeatPerDay must be above 0 and at most 100.");
        Range(o.MinRatings, 1, 1000, nameof(o.MinRatings));
        Range(o.LowUseScore, 0, 100, nameof(o.LowUseScore));
        Range(o.LowSatisfactionScore, 0, 100, nameof(o.LowSatisfactionScore));
        Range(o.FlagMonths, 1, 12, nameof(o.FlagMonths));
        Range(o.RatingWindowDays, 1, 31, nameof(o.RatingWindowDays));
        Range(o.RectifyMaxDays, 1, 365, nameof(o.RectifyMaxDays));
        Range(o.InspectionBackdateDays, 0, 365, nameof(o.InspectionBackdateDays));
        Range(o.MaxPhotosPerInspection, 1, 20, nameof(o.MaxPhotosPerInspection));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
