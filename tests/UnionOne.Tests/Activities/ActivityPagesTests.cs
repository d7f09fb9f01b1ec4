using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Activities;

public sealed partial class ActivityPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_signs_up_from_the_phone_page_and_sees_it_in_my_sign_ups()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var id = await w.OfficerA.CreateActivityAsync(w.Org.DistrictA, 1);
        var member = await app.MemberAsync(w.Org.FactoryA);
        var pages = app.MemberPages(member.Phone, member.Id);

        var list = await pages.GetStringAsync("/m/activities");
        list.ShouldContain($"/m/activities/{id}");
        var page = await pages.GetStringAsync($"/m/activities/{id}");
        page.ShouldContain(member.MemberNo);
        page.ShouldContain("一键报名");

        var posted = await pages.PostFormAsync($"/m/activities/{id}", "sign-up");
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        (await app.SignupsAsync(id)).ShouldBe([(member.Id, (short)1)]);
        (await pages.GetStringAsync("/m/activities/mine")).ShouldContain("已报名");

        var staff = await app.StaffPagesAsync(w.Org.OfficerA);
        var console = await staff.GetStringAsync($"/console/activities/{id}");
        console.ShouldContain(member.MemberNo);
        (await (await app.StaffPagesAsync(w.Org.OfficerB)).GetAsync($"/console/activities/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_publish_from_the_console_form_and_bad_input_shows_the_field_message()
    {
        var w = await ActivityWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(w.Org.OfficerA);
        var start = DateTime.UtcNow.AddHours(8).AddDays(2);
        string Local(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        (string, string)[] Fields(string capacity) =>
        [
            ("unionId", w.Org.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("kind", "1"), ("title", "工匠讲堂：焊接工艺"),
            ("startsAt", Local(start)), ("endsAt", Local(start.AddHours(2))), ("placeText", "文化宫报告厅"), ("capacity", capacity),
            ("signupClosesAt", Local(start.AddHours(-2))), ("fee", "0"), ("publish", "true"),
        ];
        var before = await app.CountAsync("select count(*) from activities.activities");
        var bad = await staff.PostFormAsync("/console/activities/new", "new-activity", Fields("0"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("名额必须大于0");
        (await app.CountAsync("select count(*) from activities.activities")).ShouldBe(before);

        var ok = await staff.PostFormAsync("/console/activities/new", "new-activity", Fields("40"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        ok.Headers.Location!.ToString().ShouldMatch(@"/console/activities/\d+\?created=1");
        (await app.CountAsync("select count(*) from activities.activities where title = '工匠讲堂：焊接工艺' and status = 2 and capacity = 40")).ShouldBe(1);
    }

    private static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "UnionOne", "Modules", "Activities");
    }

    [Fact]
    public void Every_activities_text_has_an_english_translation()
    {
        var english = XDocument.Load(Path.Combine(Folder(), "ActivitiesText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(Folder(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        keys.AddRange(ActivityLabels.AllKinds.Select(k => k.Label));
        keys.AddRange(Enum.GetValues<ActivityStatus>().Select(s => s.Label()));
        keys.AddRange(Enum.GetValues<SignupStatus>().Select(s => s.Label()));
        keys.AddRange(JobTypeLabels.All.Select(j => j.Label));
        keys.Count.ShouldBeGreaterThan(150);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
