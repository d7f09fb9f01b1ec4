using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Libraries;

public sealed class CatalogueTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Staff_open_a_library_and_register_titles_with_minted_barcodes()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);

        var response = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/titles",
            new { isbn = "0-201-61622-X", title = "程序员修炼之道", author = "Hunt", publisher = "Addison-Wesley", copies = 3 });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        json.GetProperty("title").GetProperty("isbn").GetString().ShouldBe("9780201616224");
        json.GetProperty("title").GetProperty("copies").GetInt32().ShouldBe(3);
        json.GetProperty("newBarcodes").EnumerateArray().Select(e => e.GetString()).ShouldBe([$"L{library}-000001", $"L{library}-000002", $"L{library}-000003"]);

        // The same ISBN again adds copies to the existing title.
        var again = await staff.AddTitleAsync(library, "9780201616224", "程序员修炼之道", copies: 1);
        again.ShouldBe([$"L{library}-000004"]);
        (await app.CountAsync("select count(*) from libraries.titles where library_place_id = @library", new { library })).ShouldBe(1);

        // Barcodes already on the books are accepted too.
        var titleId = await app.CountAsync("select id from libraries.titles where library_place_id = @library", new { library });
        var copies = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/titles/{titleId}/copies", new { barcodes = new[] { "OLD-0001", "OLD-0002" } });
        copies.StatusCode.ShouldBe(HttpStatusCode.OK, await copies.Content.ReadAsStringAsync());
        var list = await (await staff.GetAsync($"/api/v1/libraries/{library}/titles?q=修炼")).JsonAsync();
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("copies").GetInt32().ShouldBe(6);
        list[0].GetProperty("available").GetInt32().ShouldBe(6);
    }

    [Fact]
    public async Task An_isbn_with_a_wrong_check_digit_is_refused_and_nothing_is_stored()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);

        var response = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/titles", new { isbn = "978-7-02-000220-8", title = "红楼梦", copies = 2 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemDetailAsync()).ShouldBe("ISBN校验位错误：按前12位计算，末位应为7，请核对后重新输入");
        (await app.CountAsync("select count(*) from libraries.titles where library_place_id = @library", new { library })).ShouldBe(0);
        (await app.CountAsync("select count(*) from libraries.copies where location_place_id = @library", new { library })).ShouldBe(0);
        (await app.CountAsync("select next_copy_no from libraries.libraries where place_id = @library", new { library })).ShouldBe(1);
    }

    [Fact]
    public async Task A_barcode_already_used_refuses_the_whole_registration()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);
        var taken = TestActors.Unique("BC");
        (await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/titles", new { isbn = "9787020002207", title = "红楼梦", barcodes = new[] { taken } })).EnsureSuccessStatusCode();

        var response = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/titles", new { isbn = "9787536609297", title = "三体", barcodes = new[] { "NEW-1", taken } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemDetailAsync()).ShouldContain(taken);
        (await app.CountAsync("select count(*) from libraries.titles where isbn13 = '9787536609297' and library_place_id = @library", new { library })).ShouldBe(0);
        (await app.CountAsync("select count(*) from libraries.copies where barcode = 'NEW-1'")).ShouldBe(0);
    }

    [Fact]
    public async Task Only_places_of_kind_library_open_and_staff_outside_the_subtree_see_nothing()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staffA = await app.StaffApiAsync(world.OfficerA);
        var staffB = await app.StaffApiAsync(world.OfficerB);
        var viewer = await app.StaffApiAsync(world.ViewerA);

        var station = await app.CreatePlaceAsync(world.FactoryA, "纺织厂户外劳动者驿站", PlaceKind.OutdoorStation);
        var notLibrary = await staffA.PostAsJsonAsync("/api/v1/libraries", new { placeId = station });
        notLibrary.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notLibrary.ProblemDetailAsync()).ShouldBe("该场所不是职工书屋，不能开通借阅");

        var library = await app.CreateLibraryAsync(staffA, world.FactoryA);
        (await staffB.GetAsync($"/api/v1/libraries/{library}/titles")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staffB.PostAsJsonAsync($"/api/v1/libraries/{library}/titles", new { isbn = "9787020002207", title = "红楼梦" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staffB.PostAsJsonAsync("/api/v1/libraries", new { placeId = library })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync($"/api/v1/libraries/{library}/titles")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsJsonAsync($"/api/v1/libraries/{library}/titles", new { isbn = "9787020002207", title = "红楼梦" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var listB = await (await staffB.GetAsync("/api/v1/libraries")).JsonAsync();
        listB.EnumerateArray().Select(e => e.GetProperty("placeId").GetInt64()).ShouldNotContain(library);
        var listA = await (await staffA.GetAsync("/api/v1/libraries")).JsonAsync();
        listA.EnumerateArray().Select(e => e.GetProperty("placeId").GetInt64()).ShouldContain(library);
    }

    [Fact]
    public async Task Members_search_the_catalogue_of_every_library()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staffA = await app.StaffApiAsync(world.OfficerA);
        var staffB = await app.StaffApiAsync(world.OfficerB);
        var libraryA = await app.CreateLibraryAsync(staffA, world.FactoryA, "纺织厂职工书屋");
        var libraryB = await app.CreateLibraryAsync(staffB, world.SchoolB, "中学职工书屋");
        var word = TestActors.Unique("平凡的世界");
        await staffA.AddTitleAsync(libraryA, "9787530212004", word, copies: 2);
        await staffB.AddTitleAsync(libraryB, "9787530212004", word, copies: 1);
        var member = await app.MemberAsync(world.SchoolB);

        var hits = await (await app.MemberApi(member.Phone, member.Id).GetAsync($"/api/v1/catalogue?q={Uri.EscapeDataString(word)}")).JsonAsync();

        hits.GetArrayLength().ShouldBe(2);
        hits.EnumerateArray().Select(h => h.GetProperty("libraryName").GetString()).ShouldBe(["纺织厂职工书屋", "中学职工书屋"], ignoreOrder: true);
        hits.EnumerateArray().Sum(h => h.GetProperty("available").GetInt32()).ShouldBe(3);
    }
}
