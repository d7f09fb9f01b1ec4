using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using UnionOne.Modules.MemberCode.Codes;

namespace UnionOne.Modules.MemberCode.Signing;

/// <summary>A public key as devices receive it.</summary>
public sealed record PublicKeyInfo(ushort KeyId, string Scheme, byte[] PublicKey);

/// <summary>
/// The server's signing keys, loaded once from member_code.signing_keys (the first instance to start creates one under an
/// advisory lock, so several instances share it). The newest key signs; every unretired key verifies.
/// </summary>
internal sealed class CodeKeyRing(NpgsqlDataSource dataSource, ISignatureScheme scheme, IDataProtectionProvider protection, ILogger<CodeKeyRing> logger)
    : IPublicKeys
{
    private const long KeyLock = 0x4D454D434F4445; // "MEMCODE"
    private readonly IDataProtector protector = protection.CreateProtector("UnionOne.MemberCode.SigningKey.v1");
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile State? state;

    public async ValueTask<(ushort KeyId, ICodeSigner Signer)> SigningKeyAsync(CancellationToken ct)
    {
        var current = state ?? await LoadAsync(ct);
        return (current.SigningKeyId, current.Signer);
    }

    public async ValueTask<IReadOnlyList<PublicKeyInfo>> PublicKeysAsync(CancellationToken ct) => (state ?? await LoadAsync(ct)).Public;

    /// <summary>Verifier for a key id (after the ring is loaded; <see cref="EnsureLoadedAsync"/> first).</summary>
    public ICodeVerifier? Find(ushort keyId) => state is { } s && s.Verifiers.TryGetValue(keyId, out var v) ? v : null;

    public async ValueTask EnsureLoadedAsync(CancellationToken ct)
    {
        if (state is null) await LoadAsync(ct);
    }

    private async Task<State> LoadAsync(CancellationToken ct)
    {
        await loading.WaitAsync(ct);
        try
        {
            if (state is { } loaded) return loaded;
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@KeyLock)", new { KeyLock }, tx, cancellationToken: ct));
            var rows = (await conn.QueryAsync<KeyRow>(new CommandDefinition(
                "select kid as KeyId, scheme, public_key as PublicKey, private_key_protected as PrivateKeyProtected from member_code.signing_keys where retired_at is null order by kid",
                transaction: tx, cancellationToken: ct))).ToList();
            var signing = rows.LastOrDefault(r => r.Scheme == scheme.Name && CanUnwrap(r));
            if (signing is null)
            {
                // No usable key (first start, or the data-protection keys were lost): make a new one; older keys still verify.
                var (privateKey, publicKey) = scheme.CreateKey();
                var kid = rows.Count == 0 ? 1 : rows.Max(r => r.KeyId) + 1;
                signing = new KeyRow(kid, scheme.Name, publicKey, protector.Protect(privateKey));
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into member_code.signing_keys (kid, scheme, public_key, private_key_protected) values (@KeyId, @Scheme, @PublicKey, @PrivateKeyProtected)",
                    signing, tx, cancellationToken: ct));
                rows.Add(signing);
                logger.LogInformation("Member code signing key {KeyId} ({Scheme}) created", kid, scheme.Name);
            }
            await tx.CommitAsync(ct);
            var created = new State(
                (ushort)signing.KeyId,
                scheme.Signer(protector.Unprotect(signing.PrivateKeyProtected)),
                rows.Where(r => r.Scheme == scheme.Name).ToDictionary(r => (ushort)r.KeyId, r => scheme.Verifier(r.PublicKey)),
                rows.Select(r => new PublicKeyInfo((ushort)r.KeyId, r.Scheme, r.PublicKey)).ToList());
            state = created;
            return created;
        }
        finally
        {
            loading.Release();
        }
    }

    private bool CanUnwrap(KeyRow row)
    {
        try
        {
            protector.Unprotect(row.PrivateKeyProtected);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            logger.LogWarning("Member code signing key {KeyId} cannot be unwrapped with this instance's data-protection keys", row.KeyId);
            return false;
        }
    }

    private sealed record KeyRow(int KeyId, string Scheme, byte[] PublicKey, byte[] PrivateKeyProtected);

    private sealed record State(ushort SigningKeyId, ICodeSigner Signer, Dictionary<ushort, ICodeVerifier> Verifiers, IReadOnlyList<PublicKeyInfo> Public);
}
