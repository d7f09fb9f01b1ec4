using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Ratings;

internal sealed record RateVisitRequest(int? Score, string? Comment, DateOnly? VisitDay);

/// <summary>A stored rating and the points it earned (null when no union up the member's lineage gives points for ratings).</summary>
internal sealed record VisitRated(long Id, DateOnly VisitDay, long? Points = null);

internal sealed record RecentRating(DateOnly VisitDay, short Score, string? Comment, DateTime CreatedAt);

/// <summary>
/// A member rates a visit (1-5 stars, optional comment): only a visit the gate admitted within the last
/// <see cref="StationOptions.RatingWindowDays"/> days, at most once per member, place and Beijing visit day (a unique key,
/// so many taps at once store one rating). Without a visit day the latest visited day in the window is rated.
/// </summary>
internal sealed class VisitRatingService(
    NpgsqlDataSource dataSource, IPlaceDirectory places, IAccessEvents access, StationClock clock, IOptions<StationOptions> options,
    IMemberDirectory members, IPointsAwarder points, IStringLocalizer<StationsText> l)
{
    public const int MaxCommentLength = 200;

    public async Task<PlaceRef> StationAsync(long placeId, CancellationToken ct)
    {
        var place = await places.FindAsync(placeId, ct);
        return place is not null && StationAccess.IsStation(place.Kind) ? place : throw new NotFoundException(l["未找到该驿站"]);
    }

    public async Task<VisitRated> RateAsync(long placeId, long? memberId, RateVisitRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var today = clock.Today;
        var errors = new Dictionary<string, string[]>();
        if (request.Score is null or < 1 or > 5) errors["score"] = [l["请选择1到5星的评分"]];
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (comment is { Length: > MaxCommentLength }) errors["comment"] = [l["评价内容不超过{0}字", MaxCommentLength]];
        if (request.VisitDay is { } d && (d > today || d < today.AddDays(-o.RatingWindowDays)))
            errors["visitDay"] = [l["只能评价{0}天内的到访", o.RatingWindowDays]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var place = await StationAsync(placeId, ct);
        if (memberId is not { } member) throw new ForbiddenException(l["只有会员可以评价到访"]);
        if (place.Status == PlaceStatus.Closed) throw new BusinessRuleException(l["该驿站已摘牌，不能评价"]);

        DateOnly visitDay;
        if (request.VisitDay is { } day)
        {
            if (!await VisitedOnAsync(member, placeId, day, ct))
                throw new BusinessRuleException(l["您在{0}没有到访该驿站的记录，不能评价", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "no-visit");
            visitDay = day;
        }
        else
        {
            visitDay = await LatestVisitDayAsync(member, placeId, ct)
                ?? throw new BusinessRuleException(l["您近{0}天没有到访该驿站的记录，不能评价", o.RatingWindowDays], "no-visit");
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            // The rating and its points (驿站评价, by the member's union's rules) commit together.
            await using var tx = await conn.BeginTransactionAsync(ct);
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into places.station_visit_ratings (place_id, member_id, visit_day, score, comment)
                values (@placeId, @member, @visitDay::date, @score, @comment)
                returning id
                """, new { placeId, member, visitDay = DbDate.Of(visitDay), score = (short)request.Score!.Value, comment }, tx, cancellationToken: ct));
            var earned = await members.FindAsync(member, ct) is { Status: MemberStatus.Active } m
                ? await points.AwardAsync(member, m.UnionId, PointsEvent.StationRating, $"rating:{id}", tx, ct)
                : null;
            await tx.CommitAsync(ct);
            return new VisitRated(id, visitDay, earned);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["您已评价过{0}的这次到访", visitDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "already-rated");
        }
    }

    /// <summary>The latest Beijing day within the window on which the member was admitted, or null.</summary>
    public async Task<DateOnly?> LatestVisitDayAsync(long memberId, long placeId, CancellationToken ct)
    {
        var today = clock.Today;
        for (var day = today; day >= today.AddDays(-options.Value.RatingWindowDays); day = day.AddDays(-1))
            if (await VisitedOnAsync(memberId, placeId, day, ct)) return day;
        return null;
    }

    /// <summary>Admitted into the place on that Beijing day, and no longer ago than the window allows.</summary>
    private Task<bool> VisitedOnAsync(long memberId, long placeId, DateOnly day, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var from = StationClock.StartUtc(day);
        var earliest = now.AddDays(-options.Value.RatingWindowDays);
        if (from < earliest) from = earliest;
        var to = StationClock.StartUtc(day.AddDays(1));
        if (to > now) to = now.AddSeconds(1);
        return from >= to ? Task.FromResult(false) : access.HasEntryAsync(memberId, placeId, from, to, ct);
    }

    public async Task<IReadOnlyList<RecentRating>> RecentAsync(long placeId, int take, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<RecentRating>(new CommandDefinition("""
            select visit_day as VisitDay, score, comment, created_at as CreatedAt from places.station_visit_ratings
            where place_id = @placeId order by created_at desc limit @take
            """, new { placeId, take }, cancellationToken: ct))).AsList();
    }
}
