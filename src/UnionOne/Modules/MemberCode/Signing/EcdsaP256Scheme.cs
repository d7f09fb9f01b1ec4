using System.Security.Cryptography;

namespace UnionOne.Modules.MemberCode.Signing;

/// <summary>
/// ECDSA over NIST P-256 with SHA-256; signatures in IEEE P1363 form (r‖s, 64 bytes), which is also what WebCrypto
/// produces and verifies. Keys: PKCS#8 private, SubjectPublicKeyInfo public. ECDsa instances are not shared between threads.
/// </summary>
public sealed class EcdsaP256Scheme : ISignatureScheme
{
    public string Name => "ES256";

    public int SignatureLength => 64;

    public (byte[] PrivateKey, byte[] PublicKey) CreateKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKey(), key.ExportSubjectPublicKeyInfo());
    }

    public ICodeSigner Signer(byte[] privateKey) => new P256Signer(privateKey);

    public ICodeVerifier Verifier(byte[] publicKey) => new P256Verifier(publicKey);

    private sealed class P256Signer : ICodeSigner
    {
        private readonly ThreadLocal<ECDsa> keys;

        public P256Signer(byte[] privateKey)
        {
            using var probe = Import(privateKey);
            keys = new ThreadLocal<ECDsa>(() => Import(privateKey));
        }

        public byte[] Sign(ReadOnlySpan<byte> data) => keys.Value!.SignData(data, HashAlgorithmName.SHA256);

        private static ECDsa Import(byte[] privateKey)
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(privateKey, out _);
            if (key.KeySize != 256) throw new CryptographicException("not a P-256 key");
            return key;
        }
    }

    private sealed class P256Verifier : ICodeVerifier
    {
        private readonly ThreadLocal<ECDsa> keys;

        public P256Verifier(byte[] publicKey)
        {
            using var probe = Import(publicKey);
            keys = new ThreadLocal<ECDsa>(() => Import(publicKey));
        }

        public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
            signature.Length == 64 && keys.Value!.VerifyData(data, signature, HashAlgorithmName.SHA256);

        private static ECDsa Import(byte[] publicKey)
        {
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            if (key.KeySize != 256) throw new CryptographicException("not a P-256 key");
            return key;
        }
    }
}
