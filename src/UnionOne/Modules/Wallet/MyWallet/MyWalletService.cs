using Microsoft.Extensions.Localization;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.MyWallet;

public sealed record MyWalletView(long BalanceFen, IReadOnlyList<MemberFund> Funds, IReadOnlyList<AccountMovement> History, IReadOnlyList<Receipt> Payments);

public sealed record MyPaymentCode(bool Issued, string? Code, string? Svg, DateTimeOffset? ExpiresAt, int RefreshSeconds, string? Reason, long BalanceFen);

/// <summary>The signed-in member's benefit account: balance, funds by purpose and expiry, history, receipts, payment code.</summary>
internal sealed class MyWalletService(
    ICurrentUser user,
    IMemberDirectory members,
    ILedger ledger,
    Receipts receipts,
    IMemberCodeIssuer issuer,
    IMerchantDirectory merchants,
    IStringLocalizer<WalletText> l)
{
    public async Task<MyWalletView> LoadAsync(CancellationToken ct)
    {
        var member = await MemberAsync(ct);
        var account = AccountRef.Member(member.Id);
        return new MyWalletView(
            await ledger.BalanceAsync(account, ct),
            await ledger.OpenFundsAsync(member.Id, ct),
            await ledger.HistoryAsync(account, 30, null, ct),
            await receipts.OfMemberAsync(member.Id, 20, ct));
    }

    public async Task<MyPaymentCode> PaymentCodeAsync(CancellationToken ct)
    {
        var member = await MemberAsync(ct);
        var issue = await issuer.IssuePaymentAsync(member.Id, member.UnionId, member.Name, member.Status == MemberStatus.Active, ct);
        return new MyPaymentCode(issue.Issued, issue.Text, issue.Svg, issue.ExpiresAt, issue.RefreshSeconds, issue.Reason,
            await ledger.BalanceAsync(AccountRef.Member(member.Id), ct));
    }

    public async Task<Receipt> ReceiptAsync(long paymentId, CancellationToken ct)
    {
        var member = await MemberAsync(ct);
        return await receipts.FindAsync(paymentId, null, member.Id, ct) ?? throw new NotFoundException(l["未找到该笔消费"]);
    }

    public Task<IReadOnlyList<NearbyMerchant>> NearbyAsync(double latitude, double longitude, CancellationToken ct)
    {
        if (latitude is < -90 or > 90 || double.IsNaN(latitude)) throw new InputValidationException("lat", l["纬度应在 -90 到 90 之间"]);
        if (longitude is < -180 or > 180 || double.IsNaN(longitude)) throw new InputValidationException("lng", l["经度应在 -180 到 180 之间"]);
        return merchants.NearestActiveAsync(latitude, longitude, 10, ct);
    }

    private async Task<MemberRef> MemberAsync(CancellationToken ct)
    {
        var member = user.MemberId is { } id ? await members.FindAsync(id, ct) : null;
        return member ?? throw new NotFoundException(l["您还不是会员，没有专户"]);
    }
}
