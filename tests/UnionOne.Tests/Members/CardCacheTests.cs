using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Card;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

/// <summary>
/// The member card is kept in each instance's memory until PostgreSQL announces that its row changed. "Unannounced"
/// changes below are made with the trigger disabled: they show what the cache serves, which a test could not tell apart
/// from a fresh read otherwise.
/// </summary>
public sealed class CardCacheTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_reloaded_card_comes_from_memory_and_every_committed_change_replaces_it()
    {
        var (memberId, memberNo, member) = await CardShownAsync("郑卡片");

        await UnannouncedAsync("update members.members set name = '郑未通知' where id = @memberId", new { memberId });
        var reloaded = await member.GetStringAsync("/m/card");
        reloaded.ShouldContain("郑卡片");
        reloaded.ShouldContain(memberNo);

        await ExecAsync("update members.members set name = '郑已改名' where id = @memberId", new { memberId });
        await EventuallyAsync(member, html => html.Contains("郑已改名", StringComparison.Ordinal));

        // Leaving takes the member code off the card as soon as the change is committed and announced.
        await ExecAsync("update members.members set status = @left where id = @memberId", new { memberId, left = (short)MemberStatus.Left });
        await EventuallyAsync(member, html => html.Contains("会籍不在有效状态", StringComparison.Ordinal) && !html.Contains("UC1.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_phone_without_a_member_is_not_remembered_so_the_card_shows_right_after_joining()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        await ListeningAsync();
        var person = app.MemberPages(phone);
        (await person.GetStringAsync("/m/card")).ShouldContain("您还不是会员");

        await app.InsertMemberAsync(world.FactoryA, "冯新人", MemberTestData.IdNumber(), phone);
        (await person.GetStringAsync("/m/card")).ShouldContain("冯新人");
    }

    [Fact]
    public async Task Losing_the_notification_connection_forgets_every_card_and_reads_again_until_it_is_back()
    {
        var (memberId, _, member) = await CardShownAsync("卫连接");

        // A change made while nobody listens is never announced: the cache must not outlive the connection.
        await using (var conn = await app.OpenAsync())
        {
            var killed = await conn.ExecuteScalarAsync<int>($"""
                select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and query like '%{CardChangeListener.Channel}%') t
                """);
            killed.ShouldBe(1);
        }
        await UnannouncedAsync("update members.members set name = '卫断线时改' where id = @memberId", new { memberId });
        await EventuallyAsync(member, html => html.Contains("卫断线时改", StringComparison.Ordinal));

        await ListeningAsync();
        await ExecAsync("update members.members set name = '卫重连后改' where id = @memberId", new { memberId });
        await EventuallyAsync(member, html => html.Contains("卫重连后改", StringComparison.Ordinal));
        app.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_statement_announces_the_phone_hashes_it_changed_or_all_when_it_changed_many()
    {
        var world = await MemberWorld.CreateAsync(app);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add((await app.InsertMemberAsync(world.SchoolB, MemberTestData.Name(), MemberTestData.IdNumber(), MemberTestData.Phone())).Id);
        var many = new List<long>();
        for (var i = 0; i < 101; i++) many.Add((await app.InsertMemberAsync(world.SchoolB, MemberTestData.Name(), MemberTestData.IdNumber(), MemberTestData.Phone())).Id);
        await using var listener = await app.OpenAsync();
        var payloads = new List<string>();
        listener.Notification += (_, e) => { lock (payloads) payloads.Add(e.Payload); };
        await listener.ExecuteAsync($"listen {CardChangeListener.Channel}");

        await ExecAsync("update members.members set tags = tags where id = any(@ids)", new { ids = ids.Take(2).ToArray() });
        await ExecAsync("update members.members set tags = tags where union_id = @union and false", new { union = world.SchoolB });
        await ExecAsync("update members.members set tags = tags where id = any(@ids)", new { ids = many.ToArray() });
        await listener.ExecuteAsync("select 1");
        while (await listener.WaitAsync(TimeSpan.FromSeconds(1))) { }
        await listener.ExecuteAsync("unlisten *");

        payloads.Count.ShouldBe(2, string.Join(" | ", payloads));
        var first = payloads[0].Split(',');
        first.Length.ShouldBe(2);
        await using var conn = await app.OpenAsync();
        var expected = await conn.QueryAsync<string>("select encode(phone_hash, 'hex') from members.members where id = any(@ids)", new { ids = ids.Take(2).ToArray() });
        first.Order().ShouldBe(expected.Order());
        payloads[1].ShouldBe("*");
    }

    [Fact]
    public void A_card_read_across_a_change_is_not_kept()
    {
        using var cache = new CardCache();
        cache.Connected();
        var hash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var card = new MemberCard(1, 2, "陈缓存", "", "M1", MemberStatus.Active, new DateOnly(2020, 1, 1), "110105********1234");

        var before = cache.Version;
        cache.Changed(Convert.ToHexStringLower(hash));
        cache.Store(hash, card, before);
        cache.TryGet(hash, out _).ShouldBeFalse();

        cache.Store(hash, card, cache.Version);
        cache.TryGet(hash, out var kept).ShouldBeTrue();
        kept.ShouldBe(card);
        cache.Changed("*");
        cache.TryGet(hash, out _).ShouldBeFalse();

        cache.Store(hash, card, cache.Version);
        cache.Disconnected();
        cache.TryGet(hash, out _).ShouldBeFalse();
        cache.Store(hash, card, cache.Version);
        cache.TryGet(hash, out _).ShouldBeFalse();
    }

    /// <summary>A new member whose card has been shown once (so it is in the cache), and their page client.</summary>
    private async Task<(long Id, string MemberNo, HttpClient Pages)> CardShownAsync(string name)
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var (memberId, memberNo) = await app.InsertMemberAsync(world.FactoryA, name, MemberTestData.IdNumber(), phone);
        await ListeningAsync();
        var pages = app.MemberPages(phone, memberId);
        (await pages.GetStringAsync("/m/card")).ShouldContain(name);
        return (memberId, memberNo, pages);
    }

    private async Task ListeningAsync()
    {
        var cache = app.Service<CardCache>();
        for (var i = 0; i < 200 && !cache.Listening; i++) await Task.Delay(50);
        cache.Listening.ShouldBeTrue("the card change listener did not connect within 10 s");
    }

    private async Task ExecAsync(string sql, object args)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync(sql, args);
    }

    private async Task UnannouncedAsync(string sql, object args)
    {
        await using var conn = await app.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("alter table members.members disable trigger members_card_updated", transaction: tx);
        await conn.ExecuteAsync(sql, args, tx);
        await conn.ExecuteAsync("alter table members.members enable trigger members_card_updated", transaction: tx);
        await tx.CommitAsync();
    }

    /// <summary>Notifications reach the app a moment after commit: reload until the card shows the change (at most 5 s).</summary>
    private static async Task EventuallyAsync(HttpClient member, Func<string, bool> shows)
    {
        var html = "";
        for (var i = 0; i < 100; i++)
        {
            html = await member.GetStringAsync("/m/card");
            if (shows(html)) return;
            await Task.Delay(50);
        }
        shows(html).ShouldBeTrue("the card did not show the change within 5 s");
    }
}
