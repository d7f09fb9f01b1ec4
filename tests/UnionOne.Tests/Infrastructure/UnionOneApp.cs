using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace UnionOne.Tests.Infrastructure;

/// <summary>
/// The whole platform in process on its own fresh PostgreSQL database. Use as an xunit class fixture
/// (IClassFixture&lt;UnionOneApp&gt;): one database per test class.
/// </summary>
public class UnionOneApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; protected set; } = "";

    /// <summary>Everything the app logged (Information and above).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The logged errors, for assertion messages.</summary>
    public string Errors => string.Join(Environment.NewLine, Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)));

    /// <summary>Keys are random per fixture: nothing a test writes can be read with the development keys.</summary>
    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string LookupKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Extra configuration a derived fixture wants (e.g. seed demo data).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(GetType().Name);
    }

    /// <summary>Full ID numbers or phones found in API responses (see <see cref="PersonalDataScan"/>).</summary>
    public ConcurrentQueue<string> PersonalDataInResponses { get; } = new();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync();
        var found = PersonalDataInResponses.Concat(Logs.Lines.SelectMany(l => PersonalDataScan.Find(l).Select(f => $"log: {f} in {l[..Math.Min(l.Length, 120)]}")))
            .Distinct().Take(20).ToList();
        if (found.Count > 0)
            throw new InvalidOperationException($"{GetType().Name}: personal data in full outside the audited reveal endpoints:\n{string.Join('\n', found)}");
    }

    /// <summary>Removes what <see cref="InitializeAsync"/> created (a fixture on its own cluster stops the cluster instead).</summary>
    protected virtual async Task DropDatabaseAsync()
    {
        if (ConnectionString.Length > 0) await TestDatabase.DropAsync(ConnectionString);
    }

    /// <summary>The settings the app runs with (database, keys, extra settings), also for a copy of the app in a child process.</summary>
    public IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["UNIONONE_DB"] = ConnectionString,
                ["Database:ConnectionString"] = ConnectionString,
                ["PersonalData:EncryptionKeys:1"] = EncryptionKey,
                ["PersonalData:CurrentKeyId"] = "1",
                ["PersonalData:LookupKey"] = LookupKey,
                ["DemoData:SeedOnStart"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:UnionOne.Platform.Web.RequestLog"] = "Information",
            };
            foreach (var (k, v) in ExtraSettings) settings[k] = v;
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = Settings;
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.UseSetting("UNIONONE_DB", ConnectionString);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new PersonalDataScan.ResponseScanner(PersonalDataInResponses)));
    }

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>A client that does not follow redirects and keeps cookies, for page tests.</summary>
    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient CreateClientWithBearer(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>())!;
}
