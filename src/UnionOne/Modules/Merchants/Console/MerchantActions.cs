using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Lifecycle;
using UnionOne.Modules.Merchants.Review;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Console;

/// <summary>
/// The buttons of the console's merchant tables and detail page: a button named "act" carries "verb:id", the fields beside it
/// are suffixed with the id (note-12, discount-12, reason-12). Runs the same use cases as the API.
/// </summary>
internal sealed class MerchantActions(MerchantReview review, MerchantLifecycle lifecycle, IStringLocalizer<MerchantsText> l)
{
    /// <summary>Runs the action the form asked for and returns its verb (for <see cref="NoticeFor"/> after the redirect); the use cases' exceptions pass through.</summary>
    public async Task<string> RunAsync(IFormCollection form, CancellationToken ct)
    {
        var act = form["act"].ToString();
        var colon = act.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(act.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new InputValidationException("act", l["请选择要执行的操作"]);
        string Field(string name) => form[$"{name}-{id}"].ToString();
        switch (act[..colon])
        {
            case "check-pass":
                await review.CheckAsync(id, new CheckRequest(true, Field("note")), ct);
                return "check-pass";
            case "check-fail":
                await review.CheckAsync(id, new CheckRequest(false, Field("note")), ct);
                return "check-fail";
            case "discount":
                await review.NegotiateAsync(id, new DiscountRequest(PercentToBasisPoints(Field("discount")), Field("note")), ct);
                return "discount";
            case "objection":
                await review.ObjectAsync(id, new ObjectionRequest(Field("note")), ct);
                return "objection";
            case "activate":
                await review.ActivateAsync(id, ct);
                return "activate";
            case "reject":
                await review.RejectAsync(id, new ReasonRequest(Field("reason")), ct);
                return "reject";
            case "suspend":
                await lifecycle.SuspendAsync(id, new ReasonRequest(Field("reason")), ct);
                return "suspend";
            case "resume":
                await lifecycle.ResumeAsync(id, new ReasonRequest(Field("reason")), ct);
                return "resume";
            case "exit":
                await lifecycle.ExitAsync(id, new ReasonRequest(Field("reason")), ct);
                return "exit";
            default:
                throw new InputValidationException("act", l["请选择要执行的操作"]);
        }
    }

    /// <summary>The message shown after a redirect with ?done=verb; null for an unknown verb.</summary>
    public string? NoticeFor(string? verb) => (verb switch
    {
        "check-pass" => l["已记录：资料背调通过"],
        "check-fail" => l["已记录：资料背调不通过，申请已驳回"],
        "discount" => l["折扣已议定"],
        "objection" => l["异议已登记"],
        "activate" => l["商户已上线"],
        "reject" => l["申请已驳回"],
        "suspend" => l["商户已暂停，收银设备已停止使用"],
        "resume" => l["商户已恢复"],
        "exit" => l["商户已退出，收银设备已停用"],
        "publicised" => l["已发布公示，公示期满后方可上线"],
        "created" => l["招募批次已发起"],
        "till-revoked" => l["收银设备已停用"],
        _ => null,
    }) is { } text ? text.Value : null;

    /// <summary>"85" or "87.5" (per cent of the price paid) to basis points; null when it is not a number (the use case then says what is missing).</summary>
    public static int? PercentToBasisPoints(string? percent) =>
        decimal.TryParse(percent?.Trim().TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p is > -1000 and < 1000
            ? (int)Math.Round(p * 100, MidpointRounding.AwayFromZero)
            : null;
}
