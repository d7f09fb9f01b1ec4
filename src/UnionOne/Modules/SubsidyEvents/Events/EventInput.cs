using FluentValidation;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.SubsidyEvents.Domain;

namespace UnionOne.Modules.SubsidyEvents.Events;

/// <summary>
/// A subsidy event as staff enter it. Times are China local: the window "yyyy-MM-dd HH:mm", slots generated from the first day,
/// the number of days, the first slot's start "HH:mm", the slot length, slots per day and places per slot. Mode: "first-come" or
/// "lottery". The cap is in fen. A lottery may name, in advance, a public random value announced after the window closes
/// (BeaconSource, e.g. "2026年12月1日中国体育彩票排列5开奖号码"); staff then type that value at the draw and it is mixed into the seed.
/// </summary>
public sealed record EventInput(
    long? UnionId,
    string? Name,
    string? Venue,
    string? Mode,
    int? DiscountMinPercent,
    int? DiscountMaxPercent,
    long? CapFen,
    string? ApplyOpensAt,
    string? ApplyClosesAt,
    string? FirstDay,
    int? Days,
    string? FirstSlotStart,
    int? SlotMinutes,
    int? SlotsPerDay,
    int? Capacity,
    string? BeaconSource = null)
{
    /// <summary>The named source, trimmed; null when none was given.</summary>
    internal string? BeaconSourceText => string.IsNullOrWhiteSpace(BeaconSource) ? null : BeaconSource.Trim();
}

internal static class Modes
{
    public const string FirstCome = "first-come";
    public const string Lottery = "lottery";

    public static AllocationMode? Parse(string? text) => (text ?? "").Trim() switch
    {
        FirstCome => AllocationMode.FirstCome,
        Lottery => AllocationMode.Lottery,
        _ => null,
    };

    public static string Code(AllocationMode mode) => mode == AllocationMode.FirstCome ? FirstCome : Lottery;

    public static string Label(AllocationMode mode) => mode == AllocationMode.FirstCome ? "先到先得" : "报名后抽签";
}

internal sealed class EventInputValidator : AbstractValidator<EventInput>
{
    public EventInputValidator(IStringLocalizer<SubsidyEventsText> l)
    {
        RuleFor(r => r.UnionId).NotNull().WithMessage(_ => l["请选择主办工会"]).GreaterThan(0).WithMessage(_ => l["请选择主办工会"]);
        RuleFor(r => r.Name).Must(n => (n ?? "").Trim().Length is >= 2 and <= 60).WithMessage(_ => l["请填写活动名称（2-60个字）"]);
        RuleFor(r => r.Venue).Must(n => (n ?? "").Trim().Length is >= 2 and <= 100).WithMessage(_ => l["请填写活动地点（2-100个字）"]);
        RuleFor(r => r.Mode).Must(m => Modes.Parse(m) is not null).WithMessage(_ => l["请选择名额分配方式（先到先得或抽签）"]);
        RuleFor(r => r.DiscountMinPercent).NotNull().WithMessage(_ => l["请填写最低补贴比例"])
            .InclusiveBetween(1, 100).WithMessage(_ => l["补贴比例须在1%-100%之间"]);
        RuleFor(r => r.DiscountMaxPercent).NotNull().WithMessage(_ => l["请填写最高补贴比例"])
            .InclusiveBetween(1, 100).WithMessage(_ => l["补贴比例须在1%-100%之间"])
            .GreaterThanOrEqualTo(r => r.DiscountMinPercent ?? 0).WithMessage(_ => l["最高补贴比例不能低于最低补贴比例"]);
        RuleFor(r => r.CapFen).NotNull().WithMessage(_ => l["请填写每人补贴上限"])
            .InclusiveBetween(1, 100_000_000).WithMessage(_ => l["每人补贴上限须在0.01-1000000元之间"]);
        RuleFor(r => r.ApplyOpensAt).Must(t => LocalTime.ParseDateTime(t) is not null).WithMessage(_ => l["报名开始时间格式应为 yyyy-MM-dd HH:mm"]);
        RuleFor(r => r.ApplyClosesAt).Must(t => LocalTime.ParseDateTime(t) is not null).WithMessage(_ => l["报名截止时间格式应为 yyyy-MM-dd HH:mm"]);
        RuleFor(r => r.FirstDay).Must(t => LocalTime.ParseDay(t) is not null).WithMessage(_ => l["首日日期格式应为 yyyy-MM-dd"]);
        RuleFor(r => r.Days).NotNull().WithMessage(_ => l["请填写活动天数"]).InclusiveBetween(1, 14).WithMessage(_ => l["活动天数须在1-14天之间"]);
        RuleFor(r => r.FirstSlotStart).Must(t => LocalTime.ParseMinute(t) is not null).WithMessage(_ => l["首个时段开始时间格式应为 HH:mm，如 09:00"]);
        RuleFor(r => r.SlotMinutes).NotNull().WithMessage(_ => l["请填写每个时段的分钟数"])
            .InclusiveBetween(10, 240).WithMessage(_ => l["每个时段须为10-240分钟"]);
        RuleFor(r => r.SlotsPerDay).NotNull().WithMessage(_ => l["请填写每天的时段数"])
            .InclusiveBetween(1, 48).WithMessage(_ => l["每天的时段数须在1-48之间"]);
        RuleFor(r => r.Capacity).NotNull().WithMessage(_ => l["请填写每个时段的名额"])
            .InclusiveBetween(1, 100_000).WithMessage(_ => l["每个时段的名额须在1-100000之间"]);
        RuleFor(r => r.BeaconSource).Must(b => b!.Trim().Length is >= 4 and <= 120).When(r => !string.IsNullOrWhiteSpace(r.BeaconSource))
            .WithMessage(_ => l["公开随机数来源应为4-120个字，如“2026年12月1日中国体育彩票排列5开奖号码”"])
            .Must((r, _) => Modes.Parse(r.Mode) != AllocationMode.FirstCome).When(r => !string.IsNullOrWhiteSpace(r.BeaconSource))
            .WithMessage(_ => l["先到先得的活动不抽签，无需公开随机数"]);
        RuleFor(r => r.SlotsPerDay).Must((r, n) => LocalTime.ParseMinute(r.FirstSlotStart) is not { } start || r.SlotMinutes is not { } len || n is not { } count
                || start + len * count <= 24 * 60)
            .WithMessage(_ => l["当天的时段不能超过午夜24:00"]);
    }
}
