using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Nearby;

public sealed record NearbyQuery(double? Latitude, double? Longitude, string? Facility = null, bool OpenNow = false, PlaceKind? Kind = null, int? Limit = null, double? RadiusKm = null);

public sealed record Coordinates(double Latitude, double Longitude);

public sealed record FacilityItem(string Code, string Label);

/// <summary>A place on the public map: both coordinate systems, the distance from the asker, open now, and live occupancy.</summary>
public sealed record NearbyPlace(
    long Id, string Name, PlaceKind Kind, string KindLabel, string Address, Coordinates Wgs84, Coordinates Gcj02, int DistanceMetres,
    bool OpenNow, bool Open24h, IReadOnlyList<FacilityItem> Facilities, int Capacity, int Occupancy, int VisitsToday, PlaceStatus Status);

/// <summary>
/// Nearest places first (haversine in SQL over the open places; with a radius a latitude/longitude box prefilters),
/// filtered by kind, facility and "open now" (Asia/Shanghai local time of the app's clock).
/// </summary>
internal sealed class PlaceFinder(NpgsqlDataSource dataSource, TimeProvider clock, IPlaceOccupancy occupancy, IStringLocalizer<PlacesText> l)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<NearbyPlace>> NearbyAsync(NearbyQuery query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        if (query.Latitude is not { } lat || lat is < -90 or > 90 || double.IsNaN(lat)) Add("lat", l["纬度应在-90到90之间"]);
        if (query.Longitude is not { } lng || lng is < -180 or > 180 || double.IsNaN(lng)) Add("lng", l["经度应在-180到180之间"]);
        var facility = string.IsNullOrWhiteSpace(query.Facility) ? null : query.Facility.Trim();
        if (facility is not null && !PlaceVocabulary.IsFacility(facility)) Add("facility", l["未知的设施：{0}", facility]);
        if (query.Kind is { } k && !Enum.IsDefined(k)) Add("kind", l["请选择阵地类型"]);
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit) Add("limit", l["每次最多返回100个阵地"]);
        if (query.RadiusKm is { } r && (r is <= 0 or > 200 || double.IsNaN(r))) Add("radiusKm", l["搜索半径应在0-200公里之间"]);
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var latitude = query.Latitude!.Value;
        var longitude = query.Longitude!.Value;
        var local = LocalTime.Now(clock);
        double? minLat = null, maxLat = null, minLng = null, maxLng = null;
        if (query.RadiusKm is { } radius)
        {
            var dLat = radius / 111.2;
            var dLng = radius / (111.2 * Math.Max(0.01, Math.Cos(latitude * Math.PI / 180)));
            (minLat, maxLat, minLng, maxLng) = (latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng);
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition($"""
            select * from (
                select p.id, p.name, p.kind, p.address, p.latitude, p.longitude, p.open_24h as Open24h, p.facilities, p.capacity, p.status,
                       2 * 6371008.8 * asin(least(1, sqrt(power(sin(radians(p.latitude - @lat) / 2), 2)
                           + cos(radians(@lat)) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - @lng) / 2), 2)))) as Distance,
                       {OpeningHours.OpenNowSql} as OpenNow
                from places.places p
                where p.status <> 3
                  and (@kind::smallint is null or p.kind = @kind)
                  and (@facility::text is null or p.facilities @> array[@facility::text])
                  and (@minLat::float8 is null or (p.latitude between @minLat and @maxLat and p.longitude between @minLng and @maxLng))
            ) c
            where (not @openNow or c.OpenNow) and (@radius::float8 is null or c.Distance <= @radius)
            order by c.Distance, c.id
            limit @limit
            """, new
        {
            lat = latitude,
            lng = longitude,
            kind = (short?)query.Kind,
            facility,
            minLat,
            maxLat,
            minLng,
            maxLng,
            openNow = query.OpenNow,
            radius = query.RadiusKm * 1000,
            limit,
            localDow = LocalTime.IsoDay(local),
            localTime = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken: ct))).ToList();

        var live = await occupancy.OccupancyAsync(rows.Select(r => r.Id).ToList(), ct);
        return rows.Select(r =>
        {
            var wgs = new GeoPoint(r.Latitude, r.Longitude);
            var gcj = ChinaCoordinates.WgsToGcj(wgs);
            var o = live.GetValueOrDefault(r.Id);
            return new NearbyPlace(r.Id, r.Name, (PlaceKind)r.Kind, l[PlaceVocabulary.KindLabel((PlaceKind)r.Kind)], r.Address,
                new Coordinates(wgs.Latitude, wgs.Longitude), new Coordinates(gcj.Latitude, gcj.Longitude), (int)Math.Round(r.Distance),
                r.OpenNow, r.Open24h, r.Facilities.Select(f => new FacilityItem(f, l[PlaceVocabulary.FacilityLabel(f)])).ToList(),
                r.Capacity, o?.Present ?? 0, o?.VisitsToday ?? 0, (PlaceStatus)r.Status);
        }).ToList();
    }

    /// <summary>Whether the place is open at this moment (the same SQL rule as the nearby filter).</summary>
    public async Task<bool> IsOpenNowAsync(long placeId, CancellationToken ct)
    {
        var local = LocalTime.Now(clock);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition($"select {OpeningHours.OpenNowSql} from places.places p where p.id = @placeId",
            new { placeId, localDow = LocalTime.IsoDay(local), localTime = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken: ct));
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public short Kind { get; set; }
        public string Address { get; set; } = "";
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public bool Open24h { get; set; }
        public string[] Facilities { get; set; } = [];
        public int Capacity { get; set; }
        public short Status { get; set; }
        public double Distance { get; set; }
        public bool OpenNow { get; set; }
    }
}
