using UnionOne.Modules.Members.Contracts;

namespace UnionOne.Modules.Members.Import.Bulk;

/// <summary>
/// A member ready to be written in bulk: validated and normalised fields in clear, then sealed
/// (<see cref="MemberBulkWriter.Seal"/>) into the encrypted columns and look-up hashes the tables store.
/// </summary>
internal sealed class MemberDraft
{
    /// <summary>Row number in the import file (staging only).</summary>
    public int RowNo { get; init; }

    public required string Name { get; init; }

    /// <summary>The normalised 18-character ID number.</summary>
    public required string IdNumber { get; init; }

    public required char Gender { get; init; }

    public required DateOnly BirthDate { get; init; }

    /// <summary>The normalised 11-digit mobile number.</summary>
    public required string Phone { get; init; }

    public long UnionId { get; set; }

    public required JobType JobType { get; init; }

    public required DateOnly JoinedOn { get; init; }

    public string[] Tags { get; init; } = [];

    public string? EmployerName { get; init; }

    public byte[]? IdNumberHash { get; set; }

    public byte[]? IdNumberEnc { get; set; }

    public byte[]? IdSuffixHash { get; set; }

    public byte[]? PhoneEnc { get; set; }

    public byte[]? PhoneHash { get; set; }

    public bool IsSealed => IdNumberEnc is not null;
}
