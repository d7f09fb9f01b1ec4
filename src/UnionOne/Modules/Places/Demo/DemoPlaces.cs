using Dapper;
using Npgsql;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Demo;

/// <summary>
/// About forty places of the demo city 台州: the city's workers' cultural palace with four halls and a library, and per
/// district a workers' home, a library, a workshop station and outdoor-worker stations (realistic WGS-84 positions),
/// plus thirty days of demo entry scans so that occupancy and the dashboard have something to show.
/// </summary>
internal sealed class DemoPlaces(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DemoPlaces> logger) : IPlaceDemoSeeder
{
    private sealed record Spec(string Union, PlaceKind Kind, string Name, string Address, double Lat, double Lng, bool Open24h, HoursRule[] Hours,
        string[] Facilities, int Capacity, int Checklist, string? Parent = null, bool ScansExits = false);

    private static readonly HoursRule[] Office = [new([1, 2, 3, 4, 5], "08:30", "17:30")];
    private static readonly HoursRule[] Daily = [new([1, 2, 3, 4, 5, 6, 7], "07:00", "21:00")];
    private static readonly HoursRule[] Palace = [new([1, 2, 3, 4, 5], "08:30", "21:00"), new([6, 7], "09:00", "18:00")];
    private static readonly HoursRule[] Library = [new([2, 3, 4, 5, 6, 7], "09:00", "20:30")];
    private static readonly string[] Outdoor = ["water", "charging", "microwave", "rest", "toilet"];

    private static IEnumerable<Spec> Specs()
    {
        const string city = "台州市总工会";
        const string palace = "台州市工人文化宫";
        yield return new(city, PlaceKind.CulturalPalace, palace, "浙江省台州市椒江区市府大道388号", 28.6578, 121.4275, false, Palace,
            ["water", "rest", "toilet", "books", "fitness", "legal-aid", "medical", "air-conditioning", "wifi"], 800, 6);
        yield return new(city, PlaceKind.PalaceHall, "台州市工人文化宫职工服务大厅", "台州市工人文化宫一楼", 28.6579, 121.4274, false, Office,
            ["water", "rest", "toilet", "air-conditioning", "wifi"], 120, 6, palace);
        yield return new(city, PlaceKind.PalaceHall, "台州市工人文化宫职工健身房", "台州市工人文化宫二楼", 28.6577, 121.4277, false,
            [new([1, 2, 3, 4, 5, 6, 7], "06:30", "22:00")], ["fitness", "toilet", "water", "air-conditioning"], 80, 6, palace);
        yield return new(city, PlaceKind.PalaceHall, "台州市职工法律援助中心", "台州市工人文化宫三楼", 28.6578, 121.4273, false, Office,
            ["legal-aid", "water", "rest", "wifi"], 30, 6, palace);
        yield return new(city, PlaceKind.PalaceHall, "台州市职工健康服务中心", "台州市工人文化宫三楼", 28.6576, 121.4276, false, Office,
            ["medical", "first-aid", "water", "mothers-room"], 40, 6, palace);
        yield return new(city, PlaceKind.Library, "台州市职工书屋（工人文化宫分馆）", "台州市工人文化宫四楼", 28.6580, 121.4276, false, Library,
            ["books", "water", "rest", "wifi", "air-conditioning"], 90, 6);

        foreach (var d in Districts)
        {
            yield return new(d.Union, PlaceKind.WorkersHome, $"{d.Short}区域职工之家", $"{d.Prefix}{d.Road}{d.No}号{d.Short}总工会大楼一楼",
                d.Lat + 0.0021, d.Lng - 0.0017, false, Office, ["water", "rest", "toilet", "books", "legal-aid", "wifi"], 60, 5);
            yield return new(d.Union, PlaceKind.Library, $"{d.Short}职工书屋", $"{d.Prefix}{d.Road}{d.No + 12}号", d.Lat - 0.0034, d.Lng + 0.0042,
                false, Library, ["books", "water", "rest", "wifi"], 50, 6);
            yield return new(d.Union, PlaceKind.WorkshopStation, $"{d.Short}工业园区工间活动站", $"{d.Prefix}{d.Park}", d.Lat + 0.0185, d.Lng + 0.0231,
                false, [new([1, 2, 3, 4, 5, 6], "11:00", "13:30"), new([1, 2, 3, 4, 5, 6], "17:00", "21:00")], ["rest", "water", "microwave", "fitness"], 40, 4);
            for (var i = 0; i < d.Stations.Length; i++)
            {
                var (name, dLat, dLng) = d.Stations[i];
                var open24 = i % 2 == 0;
                var facilities = i == 1 ? [.. Outdoor, "mothers-room"] : i == 3 ? [.. Outdoor, "first-aid", "repair-kit"] : Outdoor;
                yield return new(i == 4 ? "台州市外卖配送行业工会联合会" : d.Union, PlaceKind.OutdoorStation, name, $"{d.Prefix}{name.Replace("户外劳动者驿站", "", StringComparison.Ordinal)}",
                    d.Lat + dLat, d.Lng + dLng, open24, open24 ? [] : Daily, facilities, 12 + 2 * i, 3 + i % 4);
            }
        }
    }

    private sealed record District(string Union, string Short, string Prefix, string Road, int No, string Park, double Lat, double Lng, (string Name, double DLat, double DLng)[] Stations);

    private static readonly District[] Districts =
    [
        new("椒江区总工会", "椒江", "台州市椒江区", "中山西路", 180, "台州湾新区（椒江）产业园", 28.6795, 121.4412,
        [
            ("海门街道东山路户外劳动者驿站", 0.0052, 0.0068), ("白云街道白云山南路户外劳动者驿站", -0.0121, -0.0093), ("葭沚街道葭沚老街户外劳动者驿站", -0.0215, 0.0187),
            ("洪家街道场前路户外劳动者驿站", -0.0328, -0.0486), ("椒江外卖骑手驿站（万达广场）", -0.0139, -0.0022),
        ]),
        new("黄岩区总工会", "黄岩", "台州市黄岩区", "劳动南路", 66, "黄岩经济开发区", 28.6483, 121.2621,
        [
            ("东城街道天长路户外劳动者驿站", 0.0036, 0.0121), ("西城街道桔乡大道户外劳动者驿站", -0.0052, -0.0134), ("南城街道二环南路户外劳动者驿站", -0.0171, 0.0043),
            ("新前街道新江路户外劳动者驿站", 0.0093, 0.0285), ("黄岩外卖骑手驿站（耀达广场）", 0.0011, 0.0067),
        ]),
        new("路桥区总工会", "路桥", "台州市路桥区", "路桥大道", 300, "路桥经济开发区", 28.5823, 121.3654,
        [
            ("路桥街道南官大道户外劳动者驿站", 0.0062, -0.0041), ("路南街道银安街户外劳动者驿站", -0.0103, 0.0072), ("螺洋街道螺洋路户外劳动者驿站", 0.0287, -0.0238),
            ("峰江街道峰江路户外劳动者驿站", -0.0412, -0.0396), ("路桥外卖骑手驿站（银座广场）", 0.0024, 0.0031),
        ]),
        new("温岭市总工会", "温岭", "温岭市", "东辉北路", 88, "温岭东部新区", 28.3717, 121.3859,
        [
            ("太平街道万寿路户外劳动者驿站", 0.0031, -0.0052), ("城东街道东辉路户外劳动者驿站", -0.0042, 0.0138), ("城西街道西湖路户外劳动者驿站", 0.0087, -0.0167),
            ("横峰街道横峰大道户外劳动者驿站", 0.0261, -0.0512), ("温岭外卖骑手驿站（银泰城）", -0.0018, 0.0049),
        ]),
        new("玉环市总工会", "玉环", "玉环市", "广陵路", 20, "玉环经济开发区", 28.1359, 121.2326,
        [
            ("玉城街道环城东路户外劳动者驿站", 0.0027, 0.0061), ("坎门街道海洋路户外劳动者驿站", -0.0482, 0.0431), ("大麦屿街道疏港大道户外劳动者驿站", -0.0628, -0.0527),
            ("楚门镇楚洲路户外劳动者驿站", 0.0839, 0.0412), ("玉环外卖骑手驿站（万达广场）", -0.0036, 0.0019),
        ]),
    ];

    public async Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from places.places)", transaction: tx, cancellationToken: ct))) return 0;

        var ids = new Dictionary<string, long>();
        var added = new List<(long Id, Spec Spec)>();
        foreach (var s in Specs())
        {
            if (!unionIdsByName.TryGetValue(s.Union, out var unionId)) continue;
            long? parent = s.Parent is { } p && ids.TryGetValue(p, out var pid) ? pid : null;
            if (s.Kind == PlaceKind.PalaceHall && parent is null) continue;
            var c = s.Checklist;
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into places.places (union_id, kind, parent_place_id, name, address, latitude, longitude, open_24h, opening_hours, facilities,
                    capacity, admits, contact_phone, has_sign, has_layout, has_facilities, has_functions, has_rules, on_map, scans_exits)
                values (@unionId, @kind, @parent, @Name, @Address, @Lat, @Lng, @Open24h, @hours::jsonb, @Facilities, @Capacity, 1, '12351',
                    @c1, @c2, @c3, @c4, @c5, @c6, @ScansExits)
                returning id
                """, new
            {
                unionId, kind = (short)s.Kind, parent, s.Name, s.Address, s.Lat, s.Lng, s.Open24h, hours = OpeningHours.ToJson(s.Hours), s.Facilities, s.Capacity,
                c1 = c >= 1, c2 = c >= 2, c3 = c >= 3, c4 = c >= 4, c5 = c >= 5, c6 = c >= 6, s.ScansExits,
            }, tx, cancellationToken: ct));
            ids[s.Name] = id;
            added.Add((id, s));
        }
        await AddVisitsAsync(conn, tx, added, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data: {Count} places added", added.Count);
        return added.Count;
    }

    /// <summary>Thirty days of admitted entry scans (demo member ids 1-20,000), busier at meal times and for outdoor stations.</summary>
    private async Task AddVisitsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(long Id, Spec Spec)> places, CancellationToken ct)
    {
        var random = new Random(20261122);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = LocalTime.Today(clock);
        int[] hourWeights = [1, 1, 1, 1, 1, 2, 4, 6, 6, 5, 5, 8, 10, 6, 5, 5, 6, 8, 9, 7, 5, 3, 2, 1];
        var hourTotal = hourWeights.Sum();
        await using var writer = await conn.BeginBinaryImportAsync(
            "copy places.access_events (place_id, device_id, member_id, direction, admitted, reason, at) from stdin (format binary)", ct);
        foreach (var (id, spec) in places)
        {
            var perDay = spec.Kind switch { PlaceKind.OutdoorStation => 14, PlaceKind.CulturalPalace => 30, PlaceKind.PalaceHall => 10, _ => 6 };
            for (var back = 29; back >= 0; back--)
            {
                var dayStart = LocalTime.StartUtc(today.AddDays(-back));
                var visits = random.Next(perDay / 2, perDay * 3 / 2 + 1);
                for (var v = 0; v < visits; v++)
                {
                    var pick = random.Next(hourTotal);
                    var hour = 0;
                    while (pick >= hourWeights[hour]) pick -= hourWeights[hour++];
                    var at = dayStart.AddHours(hour).AddSeconds(random.Next(3600));
                    if (at > now) continue;
                    var refused = random.Next(40) == 0;
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await writer.WriteNullAsync(ct);
                    await writer.WriteAsync((long)random.Next(1, 20_001), NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync((short)1, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                    await writer.WriteAsync(!refused, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                    if (refused) await writer.WriteAsync("expired", NpgsqlTypes.NpgsqlDbType.Text, ct);
                    else await writer.WriteNullAsync(ct);
                    await writer.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                }
            }
        }
        await writer.CompleteAsync(ct);
    }
}
