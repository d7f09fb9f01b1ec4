using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Wallet.Payments;

internal sealed class PayRequestValidator : AbstractValidator<PayRequest>
{
    public PayRequestValidator(IStringLocalizer<WalletText> l, IOptions<WalletOptions> options)
    {
        RuleFor(r => r.PaymentCode).NotEmpty().WithMessage(_ => l["请扫描会员的付款码"]).MaximumLength(1024).WithMessage(_ => l["付款码无法识别"]);
        RuleFor(r => r.AmountFen).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => l["请输入金额"])
            .Must(a => a == decimal.Truncate(a!.Value)).WithMessage(_ => l["金额以分为单位，必须是整数"])
            .GreaterThan(0).WithMessage(_ => l["金额必须大于0"])
            .LessThanOrEqualTo(options.Value.MaxPaymentFen).WithMessage(_ => l["单笔金额超过上限"]);
    }
}

internal sealed class RefundRequestValidator : AbstractValidator<RefundRequest>
{
    public RefundRequestValidator(IStringLocalizer<WalletText> l)
    {
        RuleFor(r => r.AmountFen).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage(_ => l["请输入退款金额"])
            .Must(a => a == decimal.Truncate(a!.Value)).WithMessage(_ => l["金额以分为单位，必须是整数"])
            .GreaterThan(0).WithMessage(_ => l["金额必须大于0"]);
        RuleFor(r => r.Reason).MaximumLength(100).WithMessage(_ => l["退款原因不超过100字"]);
    }
}
