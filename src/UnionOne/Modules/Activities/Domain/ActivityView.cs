using Microsoft.Extensions.Localization;
using UnionOne.Platform.Money;

namespace UnionOne.Modules.Activities.Domain;

/// <summary>An activity as the API shows it (times UTC; the *Text fields in China time).</summary>
public sealed record ActivityView(
    long Id, long UnionId, string UnionName, short Kind, string KindLabel, string Title, string Description,
    DateTime StartsAt, DateTime EndsAt, string TimeText, string PlaceText, long? PlaceId,
    int Capacity, int SeatsTaken, int SeatsLeft, int Waitlisted,
    DateTime SignupOpensAt, DateTime SignupClosesAt, string SignupText,
    long FeeFen, string FeeText, int MaxFamily, bool FamilyCounts, bool PointsOnCheckIn, int? ChildMinAge, int? ChildMaxAge,
    IReadOnlyList<string> Questions, IReadOnlyList<long> TargetUnionIds, IReadOnlyList<string> TargetTags, IReadOnlyList<int> TargetJobTypes,
    string Status, string StatusLabel)
{
    internal static ActivityView From(ActivityRow a, string unionName, IStringLocalizer l) => new(
        a.Id, a.UnionId, unionName, a.Kind, l[a.KindValue.Label()], a.Title, a.Description,
        a.StartsAt, a.EndsAt, TimeRange(a.StartsAt, a.EndsAt), a.PlaceText, a.PlaceId,
        a.Capacity, a.SeatsTaken, a.SeatsLeft, a.Waitlisted,
        a.SignupOpensAt, a.SignupClosesAt, TimeRange(a.SignupOpensAt, a.SignupClosesAt),
        a.FeeFen, a.FeeFen == 0 ? l["免费"] : Fen.Format(a.FeeFen), a.MaxFamily, a.FamilyCounts, a.PointsOnCheckin, a.ChildMinAge, a.ChildMaxAge,
        a.Questions, a.TargetUnionIds, a.TargetTags, a.TargetJobTypes.Select(j => (int)j).ToList(),
        a.StatusValue.Code(), l[a.StatusValue.Label()]);

    internal static string TimeRange(DateTime from, DateTime to)
    {
        var a = LocalTime.Text(from);
        var b = LocalTime.Text(to);
        return a[..10] == b[..10] ? $"{a} - {b[11..]}" : $"{a} - {b}";
    }
}
