namespace UnionOne.Modules.Places.Domain;

/// <summary>A point in degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>
/// WGS-84 (what a phone's GPS gives) to GCJ-02 (what Amap and Tencent tiles use): the public Krasovsky-ellipsoid
/// offset. Outside mainland China's bounding box the point is returned unchanged, as the providers do.
/// </summary>
public static class ChinaCoordinates
{
    private const double A = 6378245.0;
    private const double Ee = 0.00669342162296594323;

    public static bool OutOfChina(double latitude, double longitude) =>
        longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271;

    public static GeoPoint WgsToGcj(GeoPoint wgs)
    {
        if (OutOfChina(wgs.Latitude, wgs.Longitude)) return wgs;
        var (dLat, dLng) = Delta(wgs.Latitude, wgs.Longitude);
        return new GeoPoint(wgs.Latitude + dLat, wgs.Longitude + dLng);
    }

    /// <summary>GCJ-02 back to WGS-84 by iteration (sub-metre), for positions picked on a Chinese map.</summary>
    public static GeoPoint GcjToWgs(GeoPoint gcj)
    {
        if (OutOfChina(gcj.Latitude, gcj.Longitude)) return gcj;
        var guess = gcj;
        for (var i = 0; i < 10; i++)
        {
            var back = WgsToGcj(guess);
            var dLat = back.Latitude - gcj.Latitude;
            var dLng = back.Longitude - gcj.Longitude;
            guess = new GeoPoint(guess.Latitude - dLat, guess.Longitude - dLng);
            if (Math.Abs(dLat) < 1e-9 && Math.Abs(dLng) < 1e-9) break;
        }
        return guess;
    }

    /// <summary>Great-circle distance in metres (haversine on the mean Earth radius).</summary>
    public static double DistanceMetres(GeoPoint a, GeoPoint b)
    {
        const double R = 6371008.8;
        static double Rad(double d) => d * Math.PI / 180.0;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLng = Rad(b.Longitude - a.Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static (double DLat, double DLng) Delta(double lat, double lng)
    {
        var dLat = TransformLat(lng - 105.0, lat - 35.0);
        var dLng = TransformLng(lng - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - Ee * magic * magic;
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLng = dLng * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLat, dLng);
    }

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLng(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
