namespace UnionOne.Platform.Security;

/// <summary>Keys for personal data at rest. Base64 of 32 random bytes each; `make run` creates them under .data/.</summary>
internal sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>AES-256-GCM keys by id, so that keys can be rotated: old ciphertexts name the key they were made with.</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    public int CurrentKeyId { get; set; } = 1;

    /// <summary>HMAC-SHA256 key for look-up hashes (de-duplication and exact search without decrypting).</summary>
    public string LookupKey { get; set; } = "";
}

internal sealed class PersonalDataOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<PersonalDataOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PersonalDataOptions options)
    {
        var errors = new List<string>();
        if (!options.EncryptionKeys.ContainsKey(options.CurrentKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            errors.Add($"PersonalData:EncryptionKeys has no key {options.CurrentKeyId} (CurrentKeyId); run scripts/secrets.sh or set UNIONONE_SECRETS_FILE.");
        foreach (var (id, key) in options.EncryptionKeys)
        {
            if (!byte.TryParse(id, out _)) errors.Add($"PersonalData:EncryptionKeys id '{id}' must be 0-255.");
            if (!IsKey(key)) errors.Add($"PersonalData:EncryptionKeys:{id} must be base64 of 32 bytes.");
        }
        if (!IsKey(options.LookupKey)) errors.Add("PersonalData:LookupKey must be base64 of 32 bytes.");
        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }

    private static bool IsKey(string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }
}
