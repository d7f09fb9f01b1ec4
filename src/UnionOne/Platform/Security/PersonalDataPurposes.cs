namespace UnionOne.Platform.Security;

/// <summary>Purposes bound into ciphertexts and look-up hashes. Never change a value: stored data depends on it.</summary>
public static class PersonalDataPurposes
{
    public const string IdNumber = "id-number";

    /// <summary>Look-up hash of the last four characters of an ID number (suffix search).</summary>
    public const string IdSuffix = "id-suffix";

    public const string Phone = "phone";

    public const string ContactPhone = "contact-phone";

    /// <summary>A merchant's bank account number for settlement payouts (收款账号).</summary>
    public const string BankAccount = "bank-account";
}
