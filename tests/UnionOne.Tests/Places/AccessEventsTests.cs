using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class AccessEventsTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task An_admitted_entry_is_found_in_its_window_and_a_refused_one_never()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("驿站测试工会"), UnionLevel.County, regionCode: "331002");
        var place = await app.InsertPlaceAsync(union);
        var events = app.Services.GetRequiredService<IAccessEvents>();
        var before = DateTime.UtcNow.AddSeconds(-1);

        await events.RecordAsync(new AccessEvent(place, null, 41, AccessDirection.In, Admitted: false, "expired"));
        (await events.HasEntryAsync(41, place, before, DateTime.UtcNow.AddSeconds(1))).ShouldBeFalse();

        await events.RecordAsync(new AccessEvent(place, null, 41, AccessDirection.In, Admitted: true, null));
        (await events.HasEntryAsync(41, place, before, DateTime.UtcNow.AddSeconds(1))).ShouldBeTrue();
        (await events.HasEntryAsync(41, place, before.AddHours(-2), before)).ShouldBeFalse();
        (await events.HasEntryAsync(42, place, before, DateTime.UtcNow.AddSeconds(1))).ShouldBeFalse();
    }

    [Fact]
    public async Task The_directory_describes_a_place_and_does_not_invent_one()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("书屋测试工会"), UnionLevel.County, regionCode: "331003");
        var place = await app.InsertPlaceAsync(union, PlaceKind.Library, admits: PlaceAdmission.SubtreeMembers, capacity: 12);
        var directory = app.Services.GetRequiredService<IPlaceDirectory>();

        var found = (await directory.FindAsync(place)).ShouldNotBeNull();
        found.UnionId.ShouldBe(union);
        found.Kind.ShouldBe(PlaceKind.Library);
        found.Admits.ShouldBe(PlaceAdmission.SubtreeMembers);
        found.Capacity.ShouldBe(12);
        (await directory.FindAsync(place + 1000)).ShouldBeNull();
    }
}
