using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.SubsidyEvents.Apply;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Modules.SubsidyEvents.Draw;
using UnionOne.Modules.SubsidyEvents.Entry;
using UnionOne.Modules.SubsidyEvents.Events;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.SubsidyEvents;

internal sealed class ApplyRequestValidator : AbstractValidator<ApplyRequest>
{
    public ApplyRequestValidator(IStringLocalizer<SubsidyEventsText> l) =>
        RuleFor(r => r.SlotId).GreaterThan(0).When(r => r.SlotId is not null).WithMessage(_ => l["请选择入场时段"]);
}

/// <summary>
/// /api/v1/subsidy-events: staff publish, view, draw and check entry; members list, apply and quote the subsidy; anyone reads the
/// draw's public record and re-runs it (verify).
/// </summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/subsidy-events").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Subsidy events (staff)");
        staff.MapPost("/", Create).Validate<EventInput>().WithSummary("发布补贴活动（生成分时段入场时段与抽签种子承诺）")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapGet("/", List).WithSummary("本级及下级工会的补贴活动");
        staff.MapGet("/{id:long}", Get).WithSummary("补贴活动详情（时段与名额）").ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("/{id:long}/draw", DrawAsync).WithSummary("报名截止后抽签（只能一次），公开种子；发布时指定了公开随机数的，须填写 beaconValue")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/{id:long}/entries", Enter).WithSummary("入场核验：会员码或短信入场码（仅限本人时段，一次有效）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var member = api.MapGroup("/subsidy-events").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Subsidy events");
        member.MapGet("/mine", Mine).WithSummary("我可以报名的补贴活动与我的报名");
        member.MapGet("/mine/{id:long}", MineOne).WithSummary("一个补贴活动与我的报名").ProducesProblem(StatusCodes.Status404NotFound);
        member.MapPost("/{id:long}/applications", ApplyAsync).Validate<ApplyRequest>().WithSummary("报名（每人一次；先到先得须选时段，抽签可选首选时段）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        member.MapGet("/{id:long}/subsidy", Quote).WithSummary("按活动规则计算补贴（price 为分，percent 为补贴比例）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var open = api.MapGroup("/subsidy-events").AllowAnonymous().WithTags("Subsidy events (public)");
        open.MapGet("/{id:long}/draw", Publication).WithSummary("抽签公示：种子承诺值；抽签后公开种子、报名与中签名单，供任何人复核")
            .ProducesProblem(StatusCodes.Status404NotFound);
        open.MapPost("/{id:long}/verify", Verify).WithSummary("复核抽签：种子须与事先公布的承诺值一致，重新抽签并与公布结果比对")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Created<EventView>> Create(EventInput input, EventService events, CancellationToken ct)
    {
        var created = await events.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/subsidy-events/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<EventView>>> List(EventService events, CancellationToken ct) => TypedResults.Ok(await events.ListForStaffAsync(ct));

    private static async Task<Ok<EventView>> Get(long id, EventService events, CancellationToken ct) => TypedResults.Ok(await events.GetForStaffAsync(id, ct));

    private static async Task<Ok<DrawOutcome>> DrawAsync(long id, DrawRequest? request, DrawService draw, CancellationToken ct) =>
        TypedResults.Ok(await draw.DrawAsync(id, request?.BeaconValue, ct));

    private static async Task<Ok<EntryView>> Enter(long id, EntryRequest request, EntryService entry, CancellationToken ct) =>
        TypedResults.Ok(await entry.EnterAsync(id, request.Code, ct));

    private static async Task<Ok<IReadOnlyList<MemberEventItem>>> Mine(MemberEvents events, CancellationToken ct) => TypedResults.Ok(await events.ListAsync(ct));

    private static async Task<Ok<MemberEventItem>> MineOne(long id, MemberEvents events, CancellationToken ct) => TypedResults.Ok(await events.GetAsync(id, ct));

    private static async Task<Created<ApplicationView>> ApplyAsync(long id, ApplyRequest request, ApplyService apply, CancellationToken ct)
    {
        var application = await apply.ApplyAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/subsidy-events/mine/{id}", application);
    }

    private static async Task<Ok<SubsidyQuote>> Quote(long id, long? price, int? percent, MemberEvents events, CancellationToken ct) =>
        TypedResults.Ok(await events.QuoteAsync(id, price, percent, ct));

    private static async Task<Ok<DrawPublication>> Publication(long id, DrawService draw, CancellationToken ct) => TypedResults.Ok(await draw.PublicationAsync(id, ct));

    private static async Task<Ok<VerifyOutcome>> Verify(long id, VerifyRequest request, DrawService draw, CancellationToken ct) =>
        TypedResults.Ok(await draw.VerifyAsync(id, request.Seed, ct));
}
