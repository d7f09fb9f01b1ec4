using Dapper;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Merchants.Review;

namespace UnionOne.Modules.Merchants.Lifecycle;

/// <summary>
/// After activation: suspend (暂停, e.g. a complaint being looked into), resume, exit (退出, for good). Each keeps its reason in the
/// status log; a suspended or exited merchant's tills stop authenticating at once, and an exit revokes them.
/// </summary>
internal sealed class MerchantLifecycle(MerchantWrites writes, IStringLocalizer<MerchantsText> l)
{
    public const string AuditSuspended = "merchant.suspended";
    public const string AuditResumed = "merchant.resumed";
    public const string AuditExited = "merchant.exited";

    public async Task SuspendAsync(long merchantId, ReasonRequest request, CancellationToken ct)
    {
        var reason = Reason(request, required: true);
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Active], MerchantStatus.Suspended, reason, l["只有已上线的商户才能暂停"], AuditSuspended, ct);
    }

    public async Task ResumeAsync(long merchantId, ReasonRequest request, CancellationToken ct)
    {
        var reason = Reason(request, required: false);
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Suspended], MerchantStatus.Active, reason, l["只有已暂停的商户才能恢复"], AuditResumed, ct);
    }

    public async Task ExitAsync(long merchantId, ReasonRequest request, CancellationToken ct)
    {
        var reason = Reason(request, required: true);
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Active, MerchantStatus.Suspended], MerchantStatus.Exited, reason,
            l["只有已上线或已暂停的商户才能退出"], AuditExited, ct,
            alsoInTransaction: (conn, tx) => conn.ExecuteAsync(new CommandDefinition(
                "update merchants.tills set status = 2, revoked_at = now(), revoked_by = @staff where merchant_id = @merchantId and status = 1",
                new { merchantId, staff = scope.StaffId }, tx, cancellationToken: ct)));
    }

    private string? Reason(ReasonRequest request, bool required)
    {
        var errors = new FieldErrors(l);
        string? reason = null;
        if (required || !string.IsNullOrWhiteSpace(request.Reason)) reason = MerchantInput.Reason(request.Reason, "reason", errors, l);
        errors.ThrowIfAny();
        return reason;
    }
}
