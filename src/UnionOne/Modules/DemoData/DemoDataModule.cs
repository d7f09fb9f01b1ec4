using UnionOne.Platform.Database;

namespace UnionOne.Modules.DemoData;

internal static class DemoDataModule
{
    public static IServiceCollection AddDemoDataModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DemoCitySeeder>();
        services.AddSingleton<ILargeDataSeeder, LargeDataSeeder>();
        services.AddSingleton<IStartupSeeder, DemoStartupSeeder>();
        return services;
    }
}

/// <summary>Seeds the demo city at start-up when DemoData:SeedOnStart is true (`make run` sets it), once.</summary>
internal sealed class DemoStartupSeeder(IConfiguration configuration, DemoCitySeeder demo) : IStartupSeeder
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (configuration.GetValue("DemoData:SeedOnStart", false)) await demo.EnsureSeededAsync(ct);
    }
}
