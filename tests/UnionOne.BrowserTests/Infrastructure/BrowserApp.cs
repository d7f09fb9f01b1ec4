using Microsoft.Playwright;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.BrowserTests.Infrastructure;

/// <summary>
/// The platform served by Kestrel on a real loopback port (WebApplicationFactory.UseKestrel) on its own
/// database, and Debian's Chromium driven by Playwright. Never a downloaded browser.
/// </summary>
public class BrowserApp : UnionOneApp
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A phone-sized page (a member's view), Chinese locale.</summary>
    public Task<IBrowserContext> PhoneAsync() => PatientAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
        BaseURL = BaseUrl,
    });

    /// <summary>A desktop page (a staff member's console), Chinese locale.</summary>
    public Task<IBrowserContext> DesktopAsync() => PatientAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        Locale = "zh-CN",
        BaseURL = BaseUrl,
    });

    /// <summary>
    /// Navigations may wait up to 60 s: on this 2-core machine a page load once took over 30 s while the app's start-up work
    /// (demo seeding, workers) was still running. A page that is really broken still fails, with the selector it waited for.
    /// </summary>
    private async Task<IBrowserContext> PatientAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
