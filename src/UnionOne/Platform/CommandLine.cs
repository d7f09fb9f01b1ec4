using UnionOne.Modules.DemoData;
using UnionOne.Platform.Database;

namespace UnionOne.Platform;

/// <summary>Verbs run instead of the web server: `migrate`, `seed-large --members N`.</summary>
internal static class CommandLine
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0) return false;
        switch (args[0])
        {
            case "migrate":
                await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
                Console.WriteLine("Migrations applied.");
                return true;
            case "seed-large":
                await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
                var count = 1_000_000;
                var i = Array.IndexOf(args, "--members");
                if (i >= 0 && i + 1 < args.Length) count = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                await app.Services.GetRequiredService<ILargeDataSeeder>().SeedLargeAsync(count, CancellationToken.None);
                return true;
            default:
                return false;
        }
    }
}
