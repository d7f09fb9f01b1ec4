using System.Net;
using Dapper;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Bookings;

public sealed class BookingPagesTests(BookingsApp app) : IClassFixture<BookingsApp>
{
    [Fact]
    public async Task A_member_books_on_the_place_page_and_a_second_member_cannot_take_the_same_slot()
    {
        var world = await BookingWorld.CreateAsync(app);
        var first = await app.NewMemberAsync(world.Org.FactoryA);
        var second = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(1);
        var slot = await app.SlotAsync(world.RoomId, day, 10);
        var url = $"/places/{world.PlaceId}/book?resource={world.RoomId}&day={day.Text()}";

        var firstPages = app.MemberPages(first.Phone, first.Id);
        var page = await firstPages.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("10:00-11:00");
        html.ShouldContain($"name=\"slotId\" value=\"{slot}\"");

        var booked = await firstPages.PostFormAsync(url, "book-slot", ("slotId", slot.ToString()));
        booked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await booked.Content.ReadAsStringAsync() + app.Errors);
        booked.RedirectPath().ShouldStartWith("/m/bookings?booked=");

        var secondPages = app.MemberPages(second.Phone, second.Id);
        var secondHtml = await secondPages.GetStringAsync(url);
        secondHtml.ShouldNotContain($"name=\"slotId\" value=\"{slot}\"");
        var refused = await secondPages.PostFormAsync($"/places/{world.PlaceId}/book?resource={world.RoomId}&day={BookingTestKit.Day(2).Text()}", "book-slot", ("slotId", slot.ToString()));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("该时段已被其他会员预约，请选择其他时段");
        (await app.ScalarAsync("select count(*) from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(1);
        (await app.ScalarAsync("select member_id from bookings.bookings where slot_id = @slot", new { slot })).ShouldBe(first.Id);

        // My bookings lists it and cancels it.
        var mine = await firstPages.GetStringAsync("/m/bookings");
        mine.ShouldContain("10:00-11:00");
        mine.ShouldContain("取消预约");
        var bookingId = await app.ScalarAsync("select id from bookings.bookings where slot_id = @slot", new { slot });
        var cancelled = await firstPages.PostFormAsync("/m/bookings", "cancel-booking", ("cancel", bookingId.ToString()));
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());
        (await app.StatusAsync(bookingId)).ShouldBe((short)2);
        (await firstPages.GetStringAsync("/m/bookings?cancelled=" + bookingId)).ShouldContain("已取消预约");
    }

    [Fact]
    public async Task The_member_pages_need_a_member_sign_in_and_an_unknown_place_is_not_found()
    {
        var world = await BookingWorld.CreateAsync(app);
        var anonymous = app.CreateBrowserLikeClient();
        (await anonymous.GetAsync($"/places/{world.PlaceId}/book")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await anonymous.GetAsync("/m/bookings")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        (await app.MemberPages(member.Phone, member.Id).GetAsync($"/places/{world.PlaceId + 100000}/book")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_see_the_calendar_with_member_numbers_and_viewers_cannot_mark_no_shows()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var day = BookingTestKit.Day(1);
        var booking = await member.Api.BookedAsync(await app.SlotAsync(world.RoomId, day, 9));
        // Yesterday's 09:00 slot has ended whatever the hour now (today's would not have before 10:00 China time).
        await app.AgeBookingAsync(booking, 2);
        var yesterday = BookingTestKit.Day(-1).Text();

        var officer = await app.StaffPagesAsync(world.Org.OfficerA);
        var url = $"/console/bookings?place={world.PlaceId}&day={yesterday}";
        var html = await officer.GetStringAsync(url);
        html.ShouldContain(member.MemberNo);
        html.ShouldContain("09:00-10:00");
        html.ShouldContain($"name=\"noShow\" value=\"{booking}\"");

        var viewerHtml = await (await app.StaffPagesAsync(world.Org.ViewerA)).GetStringAsync(url);
        viewerHtml.ShouldContain(member.MemberNo);
        viewerHtml.ShouldNotContain("name=\"noShow\"");
        var otherHtml = await (await app.StaffPagesAsync(world.Org.OfficerB)).GetStringAsync(url);
        otherHtml.ShouldNotContain(member.MemberNo);

        var marked = await officer.PostFormAsync(url, "mark-no-show", ("noShow", booking.ToString()));
        (await marked.Content.ReadAsStringAsync()).ShouldContain("已标记爽约");
        (await app.StatusAsync(booking)).ShouldBe((short)4);
    }

    [Fact]
    public async Task Staff_create_and_edit_a_resource_with_the_form_and_bad_input_shows_inline_messages()
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA);
        var officer = await app.StaffPagesAsync(org.OfficerA);
        var url = $"/console/bookings/resources?place={place}";
        var before = await app.ScalarAsync("select count(*) from bookings.resources");

        var bad = await officer.PostFormAsync(url, "create-resource", ("Form.PlaceId", place.ToString()), ("Form.Name", "职工书屋研讨室"),
            ("Form.Seats", "1"), ("Form.SlotMinutes", "60"), ("Form.OpensAt", "25:00"), ("Form.ClosesAt", "21:00"), ("Form.DaysAhead", "7"), ("Form.CancelBeforeMinutes", "120"));
        var badHtml = await bad.Content.ReadAsStringAsync();
        bad.StatusCode.ShouldBe(HttpStatusCode.OK, badHtml);
        badHtml.ShouldContain("开放时间格式应为 HH:mm，如 08:00");
        (await app.ScalarAsync("select count(*) from bookings.resources")).ShouldBe(before);

        var created = await officer.PostFormAsync(url, "create-resource", ("Form.PlaceId", place.ToString()), ("Form.Name", "职工书屋研讨室"),
            ("Form.Seats", "1"), ("Form.SlotMinutes", "60"), ("Form.OpensAt", "09:00"), ("Form.ClosesAt", "21:00"), ("Form.DaysAhead", "7"), ("Form.CancelBeforeMinutes", "120"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync() + app.Errors);
        var editUrl = created.RedirectPath();
        editUrl.ShouldStartWith("/console/bookings/resources/");
        var id = await app.ScalarAsync("select id from bookings.resources where place_id = @place", new { place });
        (await app.ScalarAsync("select count(*) from bookings.slots where resource_id = @id", new { id })).ShouldBe(14 * 12);

        var edited = await officer.PostFormAsync($"/console/bookings/resources/{id}", "edit-resource", ("Form.Name", "研讨室"),
            ("Form.Seats", "1"), ("Form.SlotMinutes", "120"), ("Form.OpensAt", "09:00"), ("Form.ClosesAt", "21:00"), ("Form.DaysAhead", "5"), ("Form.CancelBeforeMinutes", "60"));
        (await edited.Content.ReadAsStringAsync()).ShouldContain("已保存");
        (await app.ScalarAsync("select slot_minutes from bookings.resources where id = @id and name = '研讨室' and days_ahead = 5", new { id })).ShouldBe(120);

        // Viewers cannot change it; staff of another district do not find it.
        var viewerPost = await (await app.StaffPagesAsync(org.ViewerA)).GetAsync($"/console/bookings/resources/{id}");
        viewerPost.StatusCode.ShouldBe(HttpStatusCode.OK);
        var viewerEdit = await (await app.StaffPagesAsync(org.ViewerA)).PostFormAsync($"/console/bookings/resources/{id}", "edit-resource", ("Form.Name", "被改掉"),
            ("Form.Seats", "1"), ("Form.SlotMinutes", "60"), ("Form.OpensAt", "09:00"), ("Form.ClosesAt", "21:00"), ("Form.DaysAhead", "5"), ("Form.CancelBeforeMinutes", "60"));
        (await viewerEdit.Content.ReadAsStringAsync()).ShouldContain("您的角色无权执行此操作");
        (await app.ScalarAsync("select count(*) from bookings.resources where id = @id and name = '研讨室'", new { id })).ShouldBe(1);
        (await (await app.StaffPagesAsync(org.OfficerB)).GetAsync($"/console/bookings/resources/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_booking_page_speaks_english_when_chosen()
    {
        var world = await BookingWorld.CreateAsync(app);
        var member = await app.NewMemberAsync(world.Org.FactoryA);
        var client = app.MemberPages(member.Phone, member.Id);
        (await client.GetStringAsync($"/places/{world.PlaceId}/book?culture=en")).ShouldContain("Book a room or court");
    }
}
