using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Libraries;

public sealed partial class LibraryPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Staff_register_a_book_lend_it_and_refuse_a_return_not_on_loan_on_the_console_pages()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var api = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(api, world.FactoryA, "纺织厂职工书屋");
        var member = await app.MemberAsync(world.FactoryA);
        var pages = await app.StaffPagesAsync(world.OfficerA);
        var url = $"/console/libraries/{library}";

        (await pages.GetStringAsync("/console/libraries")).ShouldContain("纺织厂职工书屋");

        var bad = await pages.PostFormAsync(url, "add-title", ("Add.Isbn", "9787020002208"), ("Add.Title", "红楼梦"), ("Add.Copies", "1"));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("ISBN校验位错误");
        (await app.CountAsync("select count(*) from libraries.titles where library_place_id = @library", new { library })).ShouldBe(0);

        var added = await pages.PostFormAsync(url, "add-title", ("Add.Isbn", "9787020002207"), ("Add.Title", "红楼梦"), ("Add.Author", "曹雪芹"), ("Add.Copies", "1"));
        (await added.Content.ReadAsStringAsync()).ShouldContain($"L{library}-000001");

        var notOnLoan = await pages.PostFormAsync(url, "return", ("Return.Barcode", $"L{library}-000001"));
        (await notOnLoan.Content.ReadAsStringAsync()).ShouldContain($"该册图书（L{library}-000001）当前未被借出，无需归还");

        var lent = await pages.PostFormAsync(url, "borrow", ("Borrow.MemberNo", member.MemberNo), ("Borrow.Barcode", $"L{library}-000001"));
        (await lent.Content.ReadAsStringAsync()).ShouldContain($"已借出《红楼梦》（L{library}-000001）给会员 {member.MemberNo}");

        var loans = await pages.GetStringAsync($"{url}/loans");
        loans.ShouldContain(member.MemberNo);
        (await pages.GetStringAsync($"{url}/copies")).ShouldContain("借出，应还");

        // Staff of another district see nothing.
        var other = await app.StaffPagesAsync(world.OfficerB);
        (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_sees_and_renews_their_loans_and_searches_the_catalogue_on_the_phone_page()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var api = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(api, world.FactoryA, "纺织厂职工书屋");
        var barcode = (await api.AddTitleAsync(library, "9787544700016", "活着"))[0];
        var member = await app.MemberAsync(world.FactoryA);
        (await api.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = member.MemberNo, barcode })).EnsureSuccessStatusCode();
        var pages = app.MemberPages(member.Phone, member.Id);

        var html = await pages.GetStringAsync("/m/loans");
        html.ShouldContain("《活着》");
        html.ShouldContain("续借（还可续借2次）");
        html.ShouldContain("width=device-width");

        var loanId = await app.CountAsync("select id from libraries.loans where member_id = @id", new { id = member.Id });
        var renewed = await pages.PostFormAsync("/m/loans", "renew", ("loan", loanId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        (await renewed.Content.ReadAsStringAsync()).ShouldContain("已续借《活着》");
        (await app.CountAsync("select renewals from libraries.loans where id = @loanId", new { loanId })).ShouldBe(1);

        var search = await pages.GetStringAsync("/m/loans?q=" + Uri.EscapeDataString("活着"));
        search.ShouldContain("纺织厂职工书屋");
        search.ShouldContain("已全部借出");
    }

    [Fact]
    public void Every_text_the_module_looks_up_has_an_english_translation()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        var folder = Path.Combine(dir!.FullName, "src", "UnionOne", "Modules", "Libraries");
        var english = XDocument.Load(Path.Combine(folder, "LibrariesText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(IsbnMessages(Path.Combine(folder, "Catalogue", "Isbn.cs")))
            .Distinct()
            .ToList();

        keys.Count.ShouldBeGreaterThan(50);
        keys.Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    private static IEnumerable<string> IsbnMessages(string file) => ProblemText().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value);

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();

    [GeneratedRegex("""new\("([^"]+)"[,)]""")]
    private static partial Regex ProblemText();
}
