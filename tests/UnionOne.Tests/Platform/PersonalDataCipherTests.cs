using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using UnionOne.Platform.Security;

namespace UnionOne.Tests.Platform;

public sealed class PersonalDataCipherTests
{
    private static PersonalDataCipher Create(int current = 1, params (int Id, string Key)[] keys)
    {
        var options = new PersonalDataOptions
        {
            CurrentKeyId = current,
            LookupKey = Convert.ToBase64String(new byte[32]),
            EncryptionKeys = keys.Length > 0
                ? keys.ToDictionary(k => k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), k => k.Key)
                : new Dictionary<string, string> { ["1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        };
        return new PersonalDataCipher(Options.Create(options));
    }

    [Fact]
    public void Round_trips_and_never_stores_plain_text()
    {
        var p = Create();
        var cipher = p.Encrypt("id-number", "11010519491231002X");
        System.Text.Encoding.UTF8.GetString(cipher).ShouldNotContain("1101051949");
        p.Decrypt("id-number", cipher).ShouldBe("11010519491231002X");
    }

    [Fact]
    public void Same_value_encrypts_differently_each_time()
    {
        var p = Create();
        p.Encrypt("phone", "13800138000").ShouldNotBe(p.Encrypt("phone", "13800138000"));
    }

    [Fact]
    public void A_ciphertext_moved_to_another_purpose_or_tampered_does_not_decrypt()
    {
        var p = Create();
        var cipher = p.Encrypt("phone", "13800138000");
        Should.Throw<CryptographicException>(() => p.Decrypt("id-number", cipher));
        cipher[^1] ^= 1;
        Should.Throw<CryptographicException>(() => p.Decrypt("phone", cipher));
    }

    [Fact]
    public void Old_ciphertexts_still_decrypt_after_key_rotation()
    {
        var k1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var old = Create(1, (1, k1)).Encrypt("phone", "13800138000");
        var rotated = Create(2, (1, k1), (2, k2));
        rotated.Decrypt("phone", old).ShouldBe("13800138000");
        rotated.Encrypt("phone", "13800138000")[1].ShouldBe((byte)2);
    }

    [Fact]
    public void Lookup_hash_is_stable_and_separates_purposes()
    {
        var p = Create();
        p.LookupHash("phone", "13800138000").ShouldBe(p.LookupHash("phone", "13800138000"));
        p.LookupHash("phone", "13800138000").ShouldNotBe(p.LookupHash("id-suffix", "13800138000"));
    }

    [Theory]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("13812345678", "138****5678")]
    public void Masks_as_chinese_users_expect(string value, string masked)
    {
        (value.Length == 18 ? Mask.IdNumber(value) : Mask.Phone(value)).ShouldBe(masked);
    }
}
