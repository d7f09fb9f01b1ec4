namespace UnionOne.Platform.Auth;

/// <summary>Claim types the platform issues. Personal data never goes in a claim in clear.</summary>
public static class UnionClaims
{
    /// <summary>Staff account id (identity.staff_users.id).</summary>
    public const string StaffId = "uo:staff";

    /// <summary>Staff user name.</summary>
    public const string StaffName = "uo:staff_name";

    /// <summary>Security stamp of a staff account: changes on password change or lock, ending old sessions.</summary>
    public const string SecurityStamp = "uo:stamp";

    /// <summary>Member id (members.members.id) when the signed-in person is a member.</summary>
    public const string MemberId = "uo:member";

    /// <summary>Base64 look-up hash of the verified phone: a worker is known by phone before becoming a member.</summary>
    public const string PhoneHash = "uo:phone";

    /// <summary>Masked phone for display (138****5678).</summary>
    public const string PhoneMasked = "uo:phone_masked";
}

public static class UnionSchemes
{
    public const string Staff = "staff";
    public const string Member = "member";
    public const string Bearer = "bearer";
}

public static class UnionPolicies
{
    /// <summary>Staff console pages (staff cookie).</summary>
    public const string StaffPages = "staff-pages";

    /// <summary>Member pages (member cookie).</summary>
    public const string MemberPages = "member-pages";

    /// <summary>Staff API (bearer token).</summary>
    public const string StaffApi = "staff-api";

    /// <summary>Member API (bearer token).</summary>
    public const string MemberApi = "member-api";
}
