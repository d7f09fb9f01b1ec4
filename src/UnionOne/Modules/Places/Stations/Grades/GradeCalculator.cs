namespace UnionOne.Modules.Places.Stations.Grades;

/// <summary>What the month's rating of one station is computed from.</summary>
internal sealed record GradeFacts(
    int Capacity,
    short? LatestInspectionScore,
    short? MonthInspectionScore,
    long Visits,
    int DaysCounted,
    long RatingCount,
    decimal? AverageRating);

internal sealed record GradeResult(
    int InspectionScore, int UsageScore, int? SatisfactionScore, int TotalScore, int Stars, long SubsidyFenPerYear,
    bool LowUse, bool LowSatisfaction, bool FailedInspection);

/// <summary>The star rating of one station for one month, by the documented rules of <see cref="StationOptions"/>.</summary>
internal static class GradeCalculator
{
    public static GradeResult Compute(GradeFacts f, StationOptions o)
    {
        var inspection = (int)(f.LatestInspectionScore ?? 0);
        var perDay = f.DaysCounted > 0 ? (double)f.Visits / f.DaysCounted : 0;
        var fullUse = Math.Max(f.Capacity, 1) * o.FullUseVisitsPerSeatPerDay;
        var usage = Round(Math.Min(1.0, perDay / fullUse) * 100);
        int? satisfaction = f.RatingCount >= o.MinRatings && f.AverageRating is { } avg ? Round(((double)avg - 1) / 4 * 100) : null;

        var total = satisfaction is { } s
            ? Round((o.InspectionWeight * inspection + o.UsageWeight * usage + o.SatisfactionWeight * s) / 100.0)
            : Round((o.InspectionWeight * inspection + o.UsageWeight * usage) / (double)(o.InspectionWeight + o.UsageWeight));
        total = Math.Clamp(total, 0, 100);
        var stars = o.StarsFor(total);
        return new GradeResult(inspection, usage, satisfaction, total, stars, o.SubsidyFor(stars),
            LowUse: usage < o.LowUseScore,
            LowSatisfaction: satisfaction is { } v && v < o.LowSatisfactionScore,
            FailedInspection: f.MonthInspectionScore is { } m && m < o.PassScore);
    }

    private static int Round(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
