using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents.Apply;

/// <summary>An event in a member's list, with their own application when there is one.</summary>
public sealed record MemberEventItem(EventView Event, ApplicationView? Mine);

/// <summary>The subsidy of one purchase under an event's rule.</summary>
public sealed record SubsidyQuote(long PriceFen, int Percent, long SubsidyFen, long PayFen, string Text);

/// <summary>Events a member may apply to: those published by their union or any union above it.</summary>
internal sealed class MemberEvents(
    NpgsqlDataSource dataSource,
    EventStore store,
    ApplyService applications,
    IMemberDirectory members,
    IOrganisationDirectory unions,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<SubsidyEventsText> l)
{
    public async Task<IReadOnlyList<MemberEventItem>> ListAsync(CancellationToken ct)
    {
        var member = await RequireMemberAsync(ct);
        var lineage = (await unions.LineageAsync(member.UnionId, ct)).Select(u => u.Id).ToArray();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<EventRow>(new CommandDefinition($"""
            select {EventRow.Columns} from subsidy.events e
            where e.union_id = any(@lineage) and e.apply_closes_at > @since
            order by e.apply_opens_at desc, e.id desc limit 50
            """, new { lineage, since = clock.GetUtcNow().UtcDateTime.AddDays(-30) }, cancellationToken: ct))).AsList();
        var result = new List<MemberEventItem>(rows.Count);
        foreach (var r in rows) result.Add(new MemberEventItem(await store.ViewAsync(r, ct), await applications.MineAsync(r.Id, ct)));
        return result;
    }

    public async Task<MemberEventItem> GetAsync(long eventId, CancellationToken ct)
    {
        var member = await RequireMemberAsync(ct);
        var e = await store.FindAsync(eventId, ct) ?? throw new NotFoundException(l["未找到该补贴活动"]);
        var lineage = await unions.LineageAsync(member.UnionId, ct);
        if (lineage.All(u => u.Id != e.UnionId)) throw new NotFoundException(l["未找到该补贴活动"]);
        return new MemberEventItem(await store.ViewAsync(e, ct), await applications.MineAsync(eventId, ct));
    }

    /// <summary>The subsidy of a purchase at <paramref name="priceFen"/> and <paramref name="percent"/> (within the rule's range).</summary>
    public async Task<SubsidyQuote> QuoteAsync(long eventId, long? priceFen, int? percent, CancellationToken ct)
    {
        var e = await store.RequireCachedAsync(eventId, ct);
        // Only the members an event is for see its rule (as GetAsync): another union's member gets 404, the same as for no event.
        var member = await RequireMemberAsync(ct);
        if ((await unions.LineageAsync(member.UnionId, ct)).All(u => u.Id != e.UnionId)) throw new NotFoundException(l["未找到该补贴活动"]);
        var rule = e.Rule;
        if (priceFen is not (> 0 and <= 100_000_000)) throw new InputValidationException("price", l["请填写商品价格（0.01-1000000元）"]);
        var pct = percent ?? rule.MaxPercent;
        if (pct < rule.MinPercent || pct > rule.MaxPercent)
            throw new InputValidationException("percent", l["补贴比例须在{0}%-{1}%之间", rule.MinPercent, rule.MaxPercent]);
        var subsidy = rule.Compute(priceFen.Value, pct);
        return new SubsidyQuote(priceFen.Value, pct, subsidy, priceFen.Value - subsidy,
            l["价格{0}，按{1}%补贴{2}，实付{3}", Platform.Money.Fen.Format(priceFen.Value), pct, Platform.Money.Fen.Format(subsidy),
                Platform.Money.Fen.Format(priceFen.Value - subsidy)]);
    }

    private async Task<MemberRef> RequireMemberAsync(CancellationToken ct)
    {
        var id = user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以报名，请先申请入会"], "not-a-member");
        return await members.FindAsync(id, ct) ?? throw new BusinessRuleException(l["只有在会会员可以报名，请先申请入会"], "not-a-member");
    }
}
