using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace UnionOne.Bench.Infrastructure;

/// <summary>
/// The whole app, composed exactly as Program.cs does it, inside this process (TestServer: no port). The import child
/// uses it to call internal services (the import service) with the app's own registrations, database and keys
/// (UNIONONE_DB and UNIONONE_SECRETS_FILE come from the environment, as for the app).
/// </summary>
internal sealed class AppHost : WebApplicationFactory<global::Program>
{
    /// <summary>
    /// WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current directory,
    /// which is this program's output folder when tests run but not here: change to it first.
    /// </summary>
    public static AppHost Create()
    {
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        return new AppHost();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DemoData:SeedOnStart"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}
