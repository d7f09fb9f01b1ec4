using FluentValidation;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Bookings.Domain;

namespace UnionOne.Modules.Bookings.Resources;

/// <summary>A bookable resource as staff enter it. Times are local "HH:mm"; the deadline is minutes before the start.</summary>
internal sealed record ResourceInput(
    long? PlaceId,
    string? Name,
    string? CapacityNote,
    int? Seats,
    int? SlotMinutes,
    string? OpensAt,
    string? ClosesAt,
    int? DaysAhead,
    int? CancelBeforeMinutes);

internal sealed class ResourceInputValidator : AbstractValidator<ResourceInput>
{
    public ResourceInputValidator(IStringLocalizer<BookingsText> l)
    {
        RuleFor(r => r.PlaceId).NotNull().WithMessage(_ => l["请选择场所"]).GreaterThan(0).WithMessage(_ => l["请选择场所"]);
        RuleFor(r => r.Name).Must(n => (n ?? "").Trim().Length is >= 2 and <= 40).WithMessage(_ => l["请填写资源名称（2-40个字）"]);
        RuleFor(r => r.CapacityNote).Must(n => (n ?? "").Trim().Length <= 100).WithMessage(_ => l["容纳说明不超过100个字"]);
        RuleFor(r => r.Seats).NotNull().WithMessage(_ => l["请填写每个时段的名额"])
            .InclusiveBetween(1, 5000).WithMessage(_ => l["每个时段的名额须在1-5000之间"]);
        RuleFor(r => r.SlotMinutes).NotNull().WithMessage(_ => l["请填写时段长度"])
            .Must(m => m is >= 15 and <= 480 && m % 5 == 0).WithMessage(_ => l["时段长度须为15-480分钟，且为5的倍数"]);
        RuleFor(r => r.OpensAt).Must(t => ChinaTime.ParseMinute(t) is < 1440).WithMessage(_ => l["开放时间格式应为 HH:mm，如 08:00"]);
        RuleFor(r => r.ClosesAt).Must(t => ChinaTime.ParseMinute(t) is > 0).WithMessage(_ => l["关闭时间格式应为 HH:mm，如 22:00"]);
        RuleFor(r => r.ClosesAt).Custom((closes, context) =>
        {
            var input = context.InstanceToValidate;
            if (ChinaTime.ParseMinute(input.OpensAt) is not { } open || ChinaTime.ParseMinute(closes) is not { } close) return;
            if (close <= open) context.AddFailure(nameof(ResourceInput.ClosesAt), l["关闭时间须晚于开放时间"]);
            else if (input.SlotMinutes is { } length && close - open < length) context.AddFailure(nameof(ResourceInput.ClosesAt), l["开放时段不足一个预约时段"]);
        });
        RuleFor(r => r.DaysAhead).NotNull().WithMessage(_ => l["请填写可提前预约的天数"])
            .InclusiveBetween(0, 30).WithMessage(_ => l["可提前预约的天数须在0-30之间"]);
        RuleFor(r => r.CancelBeforeMinutes).NotNull().WithMessage(_ => l["请填写取消截止时间"])
            .InclusiveBetween(0, 10080).WithMessage(_ => l["取消截止时间须为开始前0-10080分钟"]);
    }
}
