using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Activities;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Libraries;
using UnionOne.Tests.Members;
using UnionOne.Tests.Merchants;
using UnionOne.Tests.Places;
using UnionOne.Tests.Points;
using UnionOne.Tests.Polls;
using UnionOne.Tests.Quizzes;
using UnionOne.Tests.SubsidyEvents;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Security;

/// <summary>
/// Script and HTML in free text, module by module: each case creates something through its own API with the payloads
/// in its text fields, and names the staff and member pages that show it. Every page must answer 200 and show the
/// text escaped (the raw tags never appear). Validated names (people) are refused with the Chinese message instead.
/// </summary>
[Trait("Suite", "Security")]
public sealed class EscapingTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    /// <summary>A script element (for names and titles).</summary>
    public const string Script = "<script>alert(1)</script>";

    /// <summary>An attribute break-out with an event handler (for descriptions and notes).</summary>
    public const string Breakout = "\"><img src=x onerror=alert(1)>";

    private const string EscapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private sealed record Page(HttpClient Client, string Url);

    public static TheoryData<string> Modules => new(Cases.Keys);

    private static readonly Dictionary<string, Func<UnionOneApp, Task<Page[]>>> Cases = new()
    {
        ["activities"] = async app =>
        {
            var w = await ActivityWorld.CreateAsync(app);
            var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, change: b =>
            {
                b["title"] = "电影夜" + Script;
                b["description"] = Breakout + Script;
                b["placeText"] = "文化宫" + Breakout;
            });
            var member = await ActivityTestKit.MemberAsync(app, w.Org.FactoryA);
            var staff = await app.StaffPagesAsync(w.Org.OfficerA);
            var pages = app.MemberPages(member.Phone, member.Id);
            return [new(staff, "/console/activities"), new(staff, $"/console/activities/{id}"), new(pages, "/m/activities"), new(pages, $"/m/activities/{id}")];
        },
        ["places"] = async app =>
        {
            var w = await PlaceWorld.CreateAsync(app);
            var officer = await app.StaffApiAsync(w.OfficerA);
            // Names and addresses refuse markup outright.
            await RefusedAsync(await officer.PostAsJsonAsync("/api/v1/places", PlaceApi.Station(w.DistrictA, b =>
            {
                b["name"] = "驿站" + Script;
                b["address"] = "东山路12号" + Breakout;
            })), "name", "address");
            // An inspection's issues are free text.
            var id = await PlaceApi.CreateAsync(officer, PlaceApi.Station(w.DistrictA));
            await UnionOne.Tests.Places.Stations.StationTestData.InspectAsync(officer, id, UnionOne.Tests.Places.Stations.StationTestData.WithIssues("微波炉损坏" + Script + Breakout));
            // A member's visit rating comment is free text shown to staff on the same page.
            var (member, phone) = await UnionOne.Tests.Places.Stations.StationTestData.MemberAsync(app, w.DistrictA);
            await UnionOne.Tests.Places.Stations.StationTestData.ScanAsync(app, id, member, DateTime.UtcNow.AddDays(-1));
            var rated = await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{id}/ratings", new { score = 2, comment = "没水" + Script });
            if (rated.StatusCode == HttpStatusCode.BadRequest) await RefusedAsync(rated, "comment");
            else rated.StatusCode.ShouldBe(HttpStatusCode.Created, await rated.Content.ReadAsStringAsync());
            var staff = await app.StaffPagesAsync(w.OfficerA);
            return [new(staff, $"/console/stations/{id}/inspections")];
        },
        ["polls"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var officer = await app.StaffApiAsync(org.OfficerA);
            var poll = await officer.CreatedIdAsync("/api/v1/polls", PollKit.Poll(org.DistrictA, options: ["电影" + Script, "培训" + Breakout], question: "投票" + Script));
            var member = await app.QuizMemberAsync(org.FactoryA);
            var staff = await app.StaffPagesAsync(org.OfficerA);
            var pages = app.MemberPages(member.Phone, member.Id);
            return [new(staff, "/console/polls"), new(staff, $"/console/polls/{poll}"), new(pages, "/m/polls"), new(pages, $"/m/polls/{poll}")];
        },
        ["quizzes"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var officer = await app.StaffApiAsync(org.OfficerA);
            var bank = await officer.CreatedIdAsync("/api/v1/quizzes/banks", new { unionId = org.DistrictA, name = "题库" + Script });
            await officer.CreatedIdAsync($"/api/v1/quizzes/banks/{bank}/questions",
                new { kind = "single", text = "问题" + Script, options = new[] { "甲" + Breakout, "乙" }, correct = new[] { 1 }, explanation = "解析" + Script });
            var quiz = await officer.CreatedIdAsync("/api/v1/quizzes", QuizKit.Quiz(org.DistrictA, bank, title: "竞赛" + Script));
            var member = await app.QuizMemberAsync(org.FactoryA);
            var staff = await app.StaffPagesAsync(org.OfficerA);
            var pages = app.MemberPages(member.Phone, member.Id);
            return [new(staff, "/console/quizzes"), new(staff, $"/console/quizzes/banks/{bank}"), new(staff, $"/console/quizzes/{quiz}"),
                new(pages, "/m/quizzes"), new(pages, $"/m/quizzes/{quiz}")];
        },
        ["subsidy-events"] = async app =>
        {
            var w = await SubsidyWorld.CreateAsync(app);
            var input = SubsidyTestKit.Input(w.Org.DistrictA);
            input["name"] = "补贴" + Script;
            input["venue"] = "展厅" + Breakout;
            var ev = await w.Officer.CreateEventAsync(input);
            var id = ev.GetProperty("id").GetInt64();
            var member = await app.NewMemberAsync(w.Org.FactoryA);
            // The SMS receipt carries the event's name and venue into the development outbox page.
            (await member.Api.ApplyAsync(id, ev.SlotIds()[0])).StatusCode.ShouldBe(HttpStatusCode.Created);
            await app.SendReceiptsAsync();
            for (var i = 0; i < 100 && await SubsidyTestKit.ScalarAsync(app, "select count(*) from messaging.sms_outbox where purpose = 'subsidy-receipt'") == 0; i++) await Task.Delay(100);
            var lottery = SubsidyTestKit.Input(w.Org.DistrictA, "lottery");
            lottery["beaconSource"] = "彩票开奖号码" + Script;
            var drawn = (await w.Officer.CreateEventAsync(lottery)).GetProperty("id").GetInt64();
            var staff = await app.StaffPagesAsync(w.Org.OfficerA);
            var pages = app.MemberPages(member.Phone, member.Id);
            return [new(staff, "/console/subsidy-events"), new(staff, $"/console/subsidy-events/{id}"), new(pages, "/m/subsidy-events"), new(pages, $"/m/subsidy-events/{id}"),
                new(staff, "/console/sms-outbox"), new(staff, $"/console/subsidy-events/{drawn}"), new(pages, $"/m/subsidy-events/{drawn}"),
                new(app.CreateBrowserLikeClient(), $"/subsidy-events/{drawn}/draw")];
        },
        ["points"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var officer = await app.StaffApiAsync(org.OfficerA);
            var item = await officer.ItemAsync(org.DistrictA, name: "毛巾" + Script);
            var member = await app.NewMemberAsync(org.FactoryA);
            var staff = await app.StaffPagesAsync(org.OfficerA);
            return [new(staff, "/console/points"), new(staff, $"/console/points/items/{item}"), new(app.MemberPages(member.Phone, member.Id), "/m/points")];
        },
        ["merchants"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var officerId = await app.CreateMerchantOfficerAsync(org.DistrictA);
            var batch = await app.CreateBatchAsync(await app.StaffApiAsync(officerId), org.DistrictA);
            var body = JsonSerializer.SerializeToElement(MerchantTestData.ApplicationBody(batch, "便利店" + Script, MerchantCategory.ConvenienceStore, 9500));
            var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(body.GetRawText())!;
            fields["address"] = "环城北路1号" + Breakout;
            // Every merchant text (name, address, reasons) refuses markup; the public form says so in Chinese.
            await RefusedAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/merchants/applications", fields), "name", "address");
            var id = await app.ApplyAsync(batch, TestActors.Unique("便利店"), MerchantCategory.ConvenienceStore, 9500);
            await RefusedAsync(await (await app.StaffApiAsync(officerId)).PostAsJsonAsync($"/api/v1/merchants/{id}/reject", new { reason = "资料不全" + Script }), "reason");
            return [];
        },
        ["libraries"] = async app =>
        {
            var world = await LibraryWorld.CreateAsync(app);
            var officer = await app.StaffApiAsync(world.OfficerA);
            var library = await app.CreateLibraryAsync(officer, world.FactoryA);
            var added = await officer.PostAsJsonAsync($"/api/v1/libraries/{library}/titles",
                new { isbn = "978-7-02-000220-7", title = "红楼梦" + Script, author = "曹雪芹" + Breakout, publisher = "人民文学" + Script, copies = 1 });
            added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
            var staff = await app.StaffPagesAsync(world.OfficerA);
            return [new(staff, $"/console/libraries/{library}"), new(staff, $"/console/libraries/{library}/copies")];
        },
        ["bookings"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var place = await app.InsertPlaceAsync(org.DistrictA, PlaceKind.WorkersHome);
            var officer = await app.StaffApiAsync(org.OfficerA);
            var room = await officer.CreateResourceAsync(place, "茶室" + Script);
            var member = await app.NewMemberAsync(org.FactoryA);
            var staff = await app.StaffPagesAsync(org.OfficerA);
            return [new(staff, "/console/bookings/resources"), new(staff, $"/console/bookings/resources/{room}"), new(app.MemberPages(member.Phone, member.Id), $"/places/{place}/book")];
        },
        ["organisations"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var chair = await app.CreateStaffAsync(TestActors.Unique("chair"), "Passw0rd!x", (org.DistrictA, UnionOne.Modules.Identity.Contracts.StaffRole.Chair));
            var staff = await app.StaffApiAsync(chair);
            await RefusedAsync(await staff.PostAsJsonAsync("/api/v1/unions", new
            {
                name = "测试公司工会" + Script, level = "grassroots", parentId = org.DistrictA, kind = "enterprise", regionCode = org.RegionA,
                creditCode = UnionOne.Tests.Organisations.OrgTree.CreditCode(), address = "海门街道1号", contactName = "王芳", foundedOn = "2020-05-01", employeesReported = 150,
            }), "name");
            return [];
        },
        ["wallet"] = async app =>
        {
            var w = await DisbursementWorld.CreateAsync(app);
            await app.InsertMembersAsync(w.FactoryA, 2);
            var prep = await app.StaffApiAsync(w.Preparer);
            var created = await prep.PostAsJsonAsync("/api/v1/wallet/disbursements",
                new { unionId = w.DistrictA, title = "慰问" + Script, purpose = "中秋<i>慰问</i>", amountFen = 10_000, validDays = 60, categories = new[] { "supermarket" } });
            var text = await created.Content.ReadAsStringAsync();
            if (created.StatusCode == HttpStatusCode.BadRequest)
            {
                await RefusedAsync(created, "title");
                return [];
            }
            created.StatusCode.ShouldBe(HttpStatusCode.Created, text);
            var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
            var staff = await app.StaffPagesAsync(w.Preparer);
            return [new(staff, "/console/wallet/disbursements"), new(staff, $"/console/wallet/disbursements/{id}")];
        },
        ["members"] = async app =>
        {
            var org = await MemberWorld.CreateAsync(app);
            var phone = MemberTestData.Phone();
            var joinCode = await app.JoinCodeAsync(org.FactoryA);
            await RefusedAsync(await app.JoinAsync(phone, new { name = "王芳", idNumber = MemberTestData.IdNumber(), phone, jobType = "教师", employerName = "实验小学" + Script, joinCode }), "employerName");
            var filed = await app.JoinAsync(phone, new { name = "王芳", idNumber = MemberTestData.IdNumber(), phone, jobType = "教师", employerName = "实验小学", joinCode });
            filed.StatusCode.ShouldBe(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
            var request = (await filed.JsonAsync()).GetProperty("id").GetInt64();
            await RefusedAsync(await (await app.StaffApiAsync(org.OfficerA)).PostAsJsonAsync($"/api/v1/join-requests/{request}/reject", new { reason = "非本单位" + Script }), "reason");
            // The request is still pending and its page shows the clean text.
            return [];
        },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Script_in_free_text_is_stored_as_given_and_rendered_escaped(string module)
    {
        Page[] pages;
        try
        {
            pages = await Cases[module](app);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{module}: arranging failed\n{app.Errors}", e);
        }
        foreach (var page in pages) await AssertEscapedAsync(page);
    }

    /// <summary>Refused outright: 400 with a Chinese message on each named field (so the markup never reaches a page).</summary>
    private static async Task RefusedAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors).ShouldBeTrue(text);
        foreach (var field in fields)
            (errors.TryGetProperty(field, out var messages) ? messages[0].GetString()! : throw new ShouldAssertException($"no error on {field}: {text}")).ShouldMatch(@"[\u4e00-\u9fff]", $"{field}: {text}");
    }

    private static async Task AssertEscapedAsync(Page page)
    {
        var response = await page.Client.GetAsync(page.Url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{page.Url}: {html[..Math.Min(html.Length, 500)]}");
        html.ShouldNotContain("<script>alert(1)", customMessage: page.Url);
        html.ShouldNotContain("<img src=x onerror", customMessage: page.Url);
        html.ShouldContain(EscapedScript, customMessage: $"{page.Url} does not show the text");
    }

    [Theory]
    [InlineData(Script)]
    [InlineData("王<i>芳")]
    public async Task A_person_name_with_markup_is_refused_in_chinese_and_nothing_is_filed(string name)
    {
        var org = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var before = await MemberTestData.CountAsync(app, "select count(*) from members.join_requests");

        var response = await app.JoinAsync(phone, new { name, idNumber = MemberTestData.IdNumber(), phone, jobType = "教师", joinCode = await app.JoinCodeAsync(org.FactoryA) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.JsonAsync();
        body.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("姓名只能包含汉字、字母和间隔号“·”");
        (await MemberTestData.CountAsync(app, "select count(*) from members.join_requests")).ShouldBe(before);
    }

    [Fact]
    public void Markup_is_written_raw_only_for_svg_the_app_draws_itself()
    {
        // A MarkupString bypasses escaping: it is allowed only where the markup is generated by code, never from input.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/UnionOne"));
        Directory.Exists(root).ShouldBeTrue(root);
        var raw = Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("MarkupString", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        raw.ShouldBe(["Modules/Members/Card/CardDocument.razor", "Modules/Places/Pages/BarChart.razor", "Modules/Wallet/MyWallet/PayCodePage.razor", "Modules/Wallet/Reports/SvgBars.razor"]);
    }
}
