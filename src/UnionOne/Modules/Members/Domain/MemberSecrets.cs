using UnionOne.Platform.Security;

namespace UnionOne.Modules.Members.Domain;

/// <summary>
/// How a member's ID number and phone are stored: AES-GCM ciphertexts plus keyed look-up hashes of the normalised
/// 18-character ID number, of its last four characters, and of the 11-digit phone. Masked forms are computed after decrypting.
/// </summary>
internal sealed class MemberSecrets(IPersonalDataCipher cipher)
{
    public byte[] EncryptIdNumber(string normalisedId) => cipher.Encrypt(PersonalDataPurposes.IdNumber, normalisedId);

    public byte[] EncryptPhone(string phone) => cipher.Encrypt(PersonalDataPurposes.Phone, phone);

    public byte[] IdNumberHash(string normalisedId) => cipher.LookupHash(PersonalDataPurposes.IdNumber, normalisedId);

    public byte[] IdSuffixHash(string suffix) => cipher.LookupHash(PersonalDataPurposes.IdSuffix, suffix.ToUpperInvariant());

    public byte[] PhoneHash(string phone) => cipher.LookupHash(PersonalDataPurposes.Phone, phone);

    public string DecryptIdNumber(byte[] enc) => cipher.Decrypt(PersonalDataPurposes.IdNumber, enc);

    public string DecryptPhone(byte[] enc) => cipher.Decrypt(PersonalDataPurposes.Phone, enc);

    public string MaskedIdNumber(byte[] enc) => Mask.IdNumber(DecryptIdNumber(enc));

    public string MaskedPhone(byte[] enc) => Mask.Phone(DecryptPhone(enc));
}
