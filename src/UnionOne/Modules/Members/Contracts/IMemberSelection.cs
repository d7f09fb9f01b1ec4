using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Contracts;

/// <summary>
/// Which active members a selection takes (all filters given must hold): born in a month (1-12), carrying a tag
/// (e.g. "劳模"), of a job type. All null: every active member.
/// </summary>
public sealed record MemberSelectionFilter(int? BirthMonth = null, string? Tag = null, JobType? JobType = null);

/// <summary>A selected member: id and member number (e.g. "M0000100001").</summary>
public readonly record struct SelectedMember(long Id, string MemberNo);

/// <summary>
/// One row of a list people wrote (e.g. an uploaded disbursement list): the member number, or the name with the ID number,
/// masked as lists carry it (330102********1234: region, stars, last four) or in full.
/// </summary>
public sealed record MemberLookup(string? MemberNo, string? Name, string? IdNumber);

/// <summary>
/// Picks members in bulk for other modules (disbursements, mass notices): one statement per call, never one per member,
/// so selecting 180,000 members takes a fraction of a second.
/// </summary>
public interface IMemberSelection
{
    /// <summary>
    /// Active members of the given unions (a subtree from IOrganisationDirectory.SubtreeAsync: its ids, or everything when it
    /// covers the whole tree) that match the filter, ordered by id.
    /// </summary>
    Task<IReadOnlyList<SelectedMember>> ActiveMembersAsync(SubtreeFilter unions, MemberSelectionFilter filter, CancellationToken ct = default);

    /// <summary>How many members <see cref="ActiveMembersAsync"/> would return.</summary>
    Task<int> CountActiveAsync(SubtreeFilter unions, MemberSelectionFilter filter, CancellationToken ct = default);

    /// <summary>
    /// The members (any status) each look-up names, in the order given: none when not found, one when matched, more when the
    /// name and masked ID number fit several people. A member number wins over name and ID number when both are given.
    /// A masked ID number matches by its region (first six) and last four characters; nothing else of it is known.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<MemberRef>>> LookupAsync(IReadOnlyList<MemberLookup> lookups, CancellationToken ct = default);
}
