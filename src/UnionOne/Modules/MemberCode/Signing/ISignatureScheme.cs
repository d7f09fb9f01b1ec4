namespace UnionOne.Modules.MemberCode.Signing;

/// <summary>
/// The one place the member code's signature algorithm lives. Today ECDSA P-256 with SHA-256 (the framework's); a deployment
/// that must pass the commercial-cryptography assessment (密评) registers an SM2/SM3 scheme instead. Codes carry the key id,
/// and each key records its scheme, so old and new keys verify side by side during a switch.
/// </summary>
public interface ISignatureScheme
{
    /// <summary>Short name stored with each key and sent to devices, e.g. "ES256" (or "SM2-SM3").</summary>
    string Name { get; }

    /// <summary>Length of every signature in bytes (fixed, so a code's layout needs no length field).</summary>
    int SignatureLength { get; }

    /// <summary>A new key pair: private key (kept by the server only) and public key (given to devices).</summary>
    (byte[] PrivateKey, byte[] PublicKey) CreateKey();

    /// <summary>A thread-safe signer for a private key.</summary>
    ICodeSigner Signer(byte[] privateKey);

    /// <summary>A thread-safe verifier for a public key: all a gate or till needs.</summary>
    ICodeVerifier Verifier(byte[] publicKey);
}

public interface ICodeSigner
{
    byte[] Sign(ReadOnlySpan<byte> data);
}

public interface ICodeVerifier
{
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
