using UnionOne.BrowserTests.Infrastructure;

namespace UnionOne.BrowserTests;

public sealed class HomePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Home_page_renders_chinese_on_a_phone_and_switches_to_english()
    {
        await using var context = await app.PhoneAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("工会一码通");
        await page.ClickAsync("text=English");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("UnionOne");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.ShouldBeLessThanOrEqualTo(390);
    }
}
