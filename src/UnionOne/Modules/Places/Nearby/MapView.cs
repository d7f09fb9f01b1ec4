using System.Globalization;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Nearby;

/// <summary>One tile image of the map grid, at its pixel offset inside the grid.</summary>
public sealed record MapTile(string Url, int Left, int Top);

/// <summary>A numbered marker at its pixel offset inside the grid.</summary>
public sealed record MapMarker(int Number, long PlaceId, string Title, int Left, int Top, bool Open);

/// <summary>
/// A static slippy map rendered on the server (no script): a 3×3 grid of 256-pixel Web-Mercator tiles around the centre,
/// markers placed by pixel. Tiles in GCJ-02 (Amap, Tencent) get GCJ-02 positions; OSM-like tiles get WGS-84.
/// When the tiles cannot load the grid is blank and the list below still shows every place.
/// </summary>
public sealed record MapView(IReadOnlyList<MapTile> Tiles, IReadOnlyList<MapMarker> Markers, int CentreLeft, int CentreTop, string Attribution)
{
    public const int TileSize = 256;
    public const int Grid = 3;

    internal static MapView? Build(MapOptions o, GeoPoint centreWgs, IReadOnlyList<(long Id, string Title, GeoPoint Wgs, bool Open)> places)
    {
        if (string.IsNullOrWhiteSpace(o.TileUrl)) return null;
        var zoom = Math.Clamp(o.Zoom, 3, 18);
        var gcj = string.Equals(o.TileCoordinates, "gcj02", StringComparison.OrdinalIgnoreCase);
        GeoPoint Project(GeoPoint p) => gcj ? ChinaCoordinates.WgsToGcj(p) : p;

        var (cx, cy) = Pixel(Project(centreWgs), zoom);
        var firstTileX = (int)Math.Floor(cx / TileSize) - 1;
        var firstTileY = (int)Math.Floor(cy / TileSize) - 1;
        var originX = firstTileX * TileSize;
        var originY = firstTileY * TileSize;
        var max = 1 << zoom;
        var subdomains = string.IsNullOrEmpty(o.Subdomains) ? "a" : o.Subdomains;

        var tiles = new List<MapTile>();
        for (var dy = 0; dy < Grid; dy++)
            for (var dx = 0; dx < Grid; dx++)
            {
                var x = ((firstTileX + dx) % max + max) % max;
                var y = firstTileY + dy;
                if (y < 0 || y >= max) continue;
                var s = subdomains[(x + y) % subdomains.Length].ToString();
                var url = o.TileUrl.Replace("{z}", Inv(zoom), StringComparison.Ordinal).Replace("{x}", Inv(x), StringComparison.Ordinal)
                    .Replace("{y}", Inv(y), StringComparison.Ordinal).Replace("{s}", s, StringComparison.Ordinal);
                tiles.Add(new MapTile(url, dx * TileSize, dy * TileSize));
            }

        var markers = new List<MapMarker>();
        var n = 0;
        foreach (var (id, title, wgs, open) in places)
        {
            n++;
            var (px, py) = Pixel(Project(wgs), zoom);
            var left = (int)Math.Round(px - originX);
            var top = (int)Math.Round(py - originY);
            if (left is < 0 or >= Grid * TileSize || top is < 0 or >= Grid * TileSize) continue;
            markers.Add(new MapMarker(n, id, title, left, top, open));
        }
        return new MapView(tiles, markers, (int)Math.Round(cx - originX), (int)Math.Round(cy - originY), o.Attribution);
    }

    /// <summary>Global pixel coordinates of a point at a zoom level (Web Mercator).</summary>
    public static (double X, double Y) Pixel(GeoPoint p, int zoom)
    {
        var scale = TileSize * Math.Pow(2, zoom);
        var lat = Math.Clamp(p.Latitude, -85.05112878, 85.05112878) * Math.PI / 180;
        var x = (p.Longitude + 180) / 360 * scale;
        var y = (1 - Math.Log(Math.Tan(lat) + 1 / Math.Cos(lat)) / Math.PI) / 2 * scale;
        return (x, y);
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
