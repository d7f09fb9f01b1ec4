using UnionOne.Modules.Places.Domain;
using UnionOne.Modules.Places.Nearby;

namespace UnionOne.Tests.Places;

public sealed class ChinaCoordinatesTests
{
    // Vectors of the reference implementation (googollee/eviltransform, go/transform_test.go), compared to 5 decimals as it does.
    [Theory]
    [InlineData(31.1774276, 121.5272106, 31.17530398364597, 121.531541859215)] // Shanghai
    [InlineData(22.543847, 113.912316, 22.540796131694766, 113.9171764808363)] // Shenzhen
    [InlineData(39.911954, 116.377817, 39.91334545536069, 116.38404722455657)] // Beijing
    [InlineData(45.0, 123.0, 45.00197815, 123.00607541)] // hujiulong/gcoord WGS84.spec
    public void Wgs84_to_gcj02_matches_the_reference_vectors(double wgsLat, double wgsLng, double gcjLat, double gcjLng)
    {
        var gcj = ChinaCoordinates.WgsToGcj(new GeoPoint(wgsLat, wgsLng));
        Math.Round(gcj.Latitude, 5).ShouldBe(Math.Round(gcjLat, 5));
        Math.Round(gcj.Longitude, 5).ShouldBe(Math.Round(gcjLng, 5));
    }

    [Theory]
    [InlineData(31.17530398364597, 121.531541859215, 31.1774276, 121.5272106)]
    [InlineData(39.91334545536069, 116.38404722455657, 39.911954, 116.377817)]
    public void Gcj02_back_to_wgs84_is_within_half_a_metre(double gcjLat, double gcjLng, double wgsLat, double wgsLng)
    {
        var wgs = ChinaCoordinates.GcjToWgs(new GeoPoint(gcjLat, gcjLng));
        ChinaCoordinates.DistanceMetres(wgs, new GeoPoint(wgsLat, wgsLng)).ShouldBeLessThan(0.5);
    }

    [Theory]
    [InlineData(51.5007, -0.1246)] // London
    [InlineData(35.6762, 139.6503)] // Tokyo: east of the box
    [InlineData(45.0, 183.0)]
    public void Outside_china_the_point_is_unchanged(double lat, double lng)
    {
        var p = new GeoPoint(lat, lng);
        ChinaCoordinates.WgsToGcj(p).ShouldBe(p);
    }

    [Fact]
    public void Distance_is_the_great_circle_distance()
    {
        // Taizhou city centre to Huangyan district: about 15.7 km.
        var d = ChinaCoordinates.DistanceMetres(new GeoPoint(28.6564, 121.4208), new GeoPoint(28.6483, 121.2621));
        d.ShouldBeInRange(15_400, 15_700);
        ChinaCoordinates.DistanceMetres(new GeoPoint(0, 0), new GeoPoint(0, 1)).ShouldBeInRange(111_190, 111_200);
    }

    [Fact]
    public void Map_tiles_surround_the_centre_and_markers_fall_on_their_pixels()
    {
        var options = new UnionOne.Modules.Places.MapOptions { TileUrl = "https://t{s}.example/{z}/{x}/{y}", Subdomains = "ab", Zoom = 14, TileCoordinates = "wgs84" };
        var centre = new GeoPoint(28.6564, 121.4208);
        var map = MapView.Build(options, centre, [(1, "近", centre, true), (2, "远", new GeoPoint(30.0, 120.0), false)])!;
        map.Tiles.Count.ShouldBe(9);
        // At zoom 14 the centre lies in tile x = 13717, y = 6829 (OSM tile numbering); the grid starts one tile before.
        map.Tiles[0].Url.ShouldBe($"https://t{"ab"[(13716 + 6828) % 2]}.example/14/13716/6828");
        map.Markers.Select(m => m.PlaceId).ShouldBe([1L]); // the far one is off the grid
        map.Markers[0].Left.ShouldBe(map.CentreLeft);
        map.Markers[0].Top.ShouldBe(map.CentreTop);
        map.CentreLeft.ShouldBeInRange(256, 511);
        map.CentreTop.ShouldBeInRange(256, 511);
    }
}
