using Microsoft.Extensions.Localization;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Wallet.Contracts;

namespace UnionOne.Modules.Points.Balance;

internal sealed record PointsBalance(long MemberId, long Balance);

/// <summary>One line of a member's points history: + earned, - redeemed, with what for.</summary>
internal sealed record PointsMovement(long TransferId, string Kind, string Label, long Points, string Memo, DateTime At);

internal sealed record PointsHistory(IReadOnlyList<PointsMovement> Movements, long? Before);

/// <summary>The signed-in member's points balance and history, straight from the wallet ledger.</summary>
internal sealed class MemberPoints(PointsMembers members, ILedger ledger, IStringLocalizer<PointsText> l)
{
    public async Task<PointsBalance> BalanceAsync(CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        return new PointsBalance(member.Id, await ledger.BalanceAsync(AccountRef.Points(member.Id), ct));
    }

    /// <summary>Newest first, <paramref name="take"/> at a time; pass the returned Before to get the next page.</summary>
    public async Task<PointsHistory> HistoryAsync(long? before, int take, CancellationToken ct)
    {
        var memberId = members.RequireId();
        take = Math.Clamp(take, 1, 100);
        var moves = await ledger.HistoryAsync(AccountRef.Points(memberId), take, before, ct);
        var lines = moves.Select(m => new PointsMovement(m.TransferId, Kind(m.Kind), l[PointsLabels.Movement(m.Kind)], m.Amount, Memo(m.Memo), m.AtUtc)).ToList();
        return new PointsHistory(lines, lines.Count == take ? lines[^1].TransferId : null);
    }

    /// <summary>The memo in the reader's language when it is one of ours (event labels, the demo's welcome); else as staff wrote it.</summary>
    private string Memo(string memo) => memo is "参加活动" or "驿站评价" or "知识竞赛" or Demo.DemoPoints.WelcomeReason ? l[memo] : memo;

    private static string Kind(TransferKind kind) => kind switch
    {
        TransferKind.PointsAward => "award",
        TransferKind.PointsRedemption => "redemption",
        TransferKind.PointsRefund => "refund",
        _ => "adjustment",
    };
}
