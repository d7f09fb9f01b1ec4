using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Create;

/// <summary>A draft by selection: the union, what it is, the amount per member (fen) and which of the subtree's active members.</summary>
internal sealed record SelectionDraftInput(long UnionId, DraftDetails Details, long? AmountFen, int? BirthMonth, string? Tag, JobType? JobType);

/// <summary>
/// Creates a draft from a selection of the union's subtree (all active members, or those born in a month, with a tag, of a
/// job type): one query through the Members module's contract, then the draft and every line in one transaction.
/// </summary>
internal sealed class SelectionDraft(
    NpgsqlDataSource dataSource, DisbursementAccess access, IOrganisationDirectory unions, IMemberSelection selection, DraftWriter writer,
    IOptions<DisbursementOptions> options, IStringLocalizer<WalletText> l)
{
    public async Task<long> CreateAsync(SelectionDraftInput input, Dictionary<string, string[]>? earlierErrors, CancellationToken ct)
    {
        var o = options.Value;
        var errors = earlierErrors ?? [];
        var details = input.Details.Validate(errors, l);
        var amount = DraftDetails.CheckAmount(input.AmountFen, "amountFen", o, errors, l);
        var filter = Filter(input, errors);
        if (input.UnionId <= 0) errors["unionId"] = [l["请选择发放工会"]];
        DraftDetails.ThrowIfAny(errors, l);

        var (scope, union) = await access.RequireUnionAsync(Permission.ManageMoney, input.UnionId, ct);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已撤销或合并，不能发放"]);
        var subtree = await unions.SubtreeAsync([union.Id], ct);
        var members = await selection.ActiveMembersAsync(subtree, filter, ct);
        if (members.Count == 0) throw new BusinessRuleException(l["{0}及下级工会中没有符合条件的在会会员", union.Name]);
        if (members.Count > o.MaxMembers) throw new BusinessRuleException(l["一次发放最多{0}人，本次选中{1}人，请缩小范围", o.MaxMembers, members.Count]);

        var lines = new DraftLine[members.Count];
        for (var i = 0; i < members.Count; i++) lines[i] = new DraftLine(members[i].Id, members[i].MemberNo, amount!.Value);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await writer.WriteAsync(tx, union.Id, details, DisbursementSource.Selection,
            new { birthMonth = filter.BirthMonth, tag = filter.Tag, jobType = filter.JobType?.ToString() }, lines, scope, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>How many active members of the union's subtree the filters select (a preview; Read permission).</summary>
    public async Task<int> CountAsync(long unionId, int? birthMonth, string? tag, JobType? jobType, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = Filter(new SelectionDraftInput(unionId, new DraftDetails(null, null, null, null), null, birthMonth, tag, jobType), errors);
        DraftDetails.ThrowIfAny(errors, l);
        var (_, union) = await access.RequireUnionAsync(Permission.Read, unionId, ct);
        return await selection.CountActiveAsync(await unions.SubtreeAsync([union.Id], ct), filter, ct);
    }

    private MemberSelectionFilter Filter(SelectionDraftInput input, Dictionary<string, string[]> errors)
    {
        if (input.BirthMonth is { } month && month is < 1 or > 12) errors["birthMonth"] = [l["生日月份须为1-12"]];
        var tag = string.IsNullOrWhiteSpace(input.Tag) ? null : input.Tag.Trim();
        if (tag is { Length: > 10 }) errors["tag"] = [l["标签最多10个字"]];
        if (input.JobType is { } jobType && !Enum.IsDefined(jobType)) errors["jobType"] = [l["职业类型无效"]];
        return new MemberSelectionFilter(input.BirthMonth, tag, input.JobType);
    }
}
