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
    public Task<IBrowserContext> PhoneAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
        BaseURL = BaseUrl,
    });

    /// <summary>A desktop page (a staff member's console), Chinese locale.</summary>
    public Task<IBrowserContext> DesktopAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        Locale = "zh-CN",
        BaseURL = BaseUrl,
    });

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
