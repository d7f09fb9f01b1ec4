namespace UnionOne.Modules.Places;

/// <summary>Options under "Places" (appsettings or environment).</summary>
internal sealed class PlacesOptions
{
    public const string Section = "Places";

    public MapOptions Map { get; set; } = new();

    public PhotoOptions Photos { get; set; } = new();

    /// <summary>Occupancy of a place that does not scan exits: members admitted within this many minutes (a place may set its own).</summary>
    public int TypicalStayMinutes { get; set; } = 60;
}

internal sealed class MapOptions
{
    /// <summary>
    /// Tile URL template with {z}, {x}, {y} and optionally {s} (a subdomain), e.g. Amap
    /// "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&amp;size=1&amp;scale=1&amp;style=8&amp;x={x}&amp;y={y}&amp;z={z}" (GCJ-02)
    /// or OpenStreetMap "https://tile.openstreetmap.org/{z}/{x}/{y}.png" (WGS-84). Empty: no map, only the list.
    /// </summary>
    public string TileUrl { get; set; } = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";

    /// <summary>"gcj02" for Chinese providers (Amap, Tencent), "wgs84" for OpenStreetMap-like tiles.</summary>
    public string TileCoordinates { get; set; } = "gcj02";

    public string Subdomains { get; set; } = "1234";

    public int Zoom { get; set; } = 14;

    public string Attribution { get; set; } = "© 高德地图";

    /// <summary>Where the list is measured from when the browser gives no position (台州市区).</summary>
    public double DefaultLatitude { get; set; } = 28.6564;

    public double DefaultLongitude { get; set; } = 121.4208;
}

internal sealed class PhotoOptions
{
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    public int MaxPerPlace { get; set; } = 12;

    public string MaxSizeText => MaxBytes % (1024 * 1024) == 0 ? $"{MaxBytes / (1024 * 1024)}MB" : $"{MaxBytes / 1024}KB";
}
