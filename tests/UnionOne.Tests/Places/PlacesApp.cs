using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

/// <summary>A clock the test sets; the real time while unset. Fixed times are in the past, so tokens minted now stay valid.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset? Fixed { get; set; }

    public override DateTimeOffset GetUtcNow() => Fixed ?? base.GetUtcNow();

    /// <summary>Sets the clock to a local (Asia/Shanghai, UTC+8) time.</summary>
    public DateTime SetLocal(int year, int month, int day, int hour, int minute = 0)
    {
        var utc = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);
        Fixed = new DateTimeOffset(utc);
        return utc;
    }
}

/// <summary>The app with a controllable clock (TimeProvider replaced) and an optional map configuration.</summary>
public class PlacesApp : UnionOneApp
{
    public TestClock Clock { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Places:Map:TileUrl"] = "https://tiles.example.test/{z}/{x}/{y}.png",
        ["Places:Map:TileCoordinates"] = "gcj02",
        ["Places:TypicalStayMinutes"] = "60",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
