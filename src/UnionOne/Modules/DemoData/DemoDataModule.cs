namespace UnionOne.Modules.DemoData;

internal static class DemoDataModule
{
    public static IServiceCollection AddDemoDataModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ILargeDataSeeder, LargeDataSeeder>();
        return services;
    }
}

/// <summary>Seeds a large member set with COPY, for benchmarks (`make seed-large`).</summary>
internal interface ILargeDataSeeder
{
    Task SeedLargeAsync(int members, CancellationToken ct);
}

internal sealed class LargeDataSeeder : ILargeDataSeeder
{
    public Task SeedLargeAsync(int members, CancellationToken ct) => throw new NotSupportedException("TODO: seed-large");
}
