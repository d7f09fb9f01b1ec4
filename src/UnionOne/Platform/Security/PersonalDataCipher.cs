using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Security;

/// <summary>
/// Encrypts personal data (ID numbers, phones) for storage and derives keyed look-up hashes.
/// Layout of a ciphertext: [version=1][key id][12-byte nonce][16-byte tag][cipher text].
/// The purpose (e.g. "id-number") is bound as associated data, so a value cannot be moved to another column.
/// </summary>
public interface IPersonalDataCipher
{
    byte[] Encrypt(string purpose, string plainText);

    string Decrypt(string purpose, byte[] cipherText);

    /// <summary>HMAC-SHA256 of purpose and value: equal inputs give equal hashes, without the key nothing is learnt.</summary>
    byte[] LookupHash(string purpose, string normalizedValue);
}

internal sealed class PersonalDataCipher : IPersonalDataCipher
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 2 + NonceSize + TagSize;

    private readonly Dictionary<byte, byte[]> keys;
    private readonly byte currentKeyId;
    private readonly byte[] lookupKey;

    // An AesGcm holds a native cipher context whose key schedule costs more than a short decryption;
    // instances are not thread-safe, so each thread keeps its own per key id.
    private readonly ThreadLocal<Dictionary<byte, AesGcm>> ciphers = new(() => []);

    public PersonalDataCipher(IOptions<PersonalDataOptions> options)
    {
        var o = options.Value;
        keys = o.EncryptionKeys.ToDictionary(k => byte.Parse(k.Key, CultureInfo.InvariantCulture), k => Convert.FromBase64String(k.Value));
        currentKeyId = checked((byte)o.CurrentKeyId);
        lookupKey = Convert.FromBase64String(o.LookupKey);
    }

    public byte[] Encrypt(string purpose, string plainText)
    {
        var plain = Encoding.UTF8.GetBytes(plainText);
        var output = new byte[HeaderSize + plain.Length];
        output[0] = Version;
        output[1] = currentKeyId;
        var nonce = output.AsSpan(2, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Cipher(currentKeyId, keys[currentKeyId]).Encrypt(nonce, plain, output.AsSpan(HeaderSize), output.AsSpan(2 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public string Decrypt(string purpose, byte[] cipherText)
    {
        if (cipherText.Length < HeaderSize || cipherText[0] != Version)
            throw new CryptographicException("Unknown personal-data ciphertext format.");
        if (!keys.TryGetValue(cipherText[1], out var key))
            throw new CryptographicException($"Personal-data key {cipherText[1]} is not configured.");
        var plain = new byte[cipherText.Length - HeaderSize];
        Cipher(cipherText[1], key).Decrypt(cipherText.AsSpan(2, NonceSize), cipherText.AsSpan(HeaderSize), cipherText.AsSpan(2 + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plain);
    }

    private AesGcm Cipher(byte keyId, byte[] key)
    {
        var mine = ciphers.Value!;
        if (!mine.TryGetValue(keyId, out var aes)) mine[keyId] = aes = new AesGcm(key, TagSize);
        return aes;
    }

    public byte[] LookupHash(string purpose, string normalizedValue)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var valueBytes = Encoding.UTF8.GetBytes(normalizedValue);
        var input = new byte[4 + purposeBytes.Length + valueBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(input, purposeBytes.Length);
        purposeBytes.CopyTo(input, 4);
        valueBytes.CopyTo(input, 4 + purposeBytes.Length);
        return HMACSHA256.HashData(lookupKey, input);
    }
}
