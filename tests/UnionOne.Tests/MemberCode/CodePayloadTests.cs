using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;

namespace UnionOne.Tests.MemberCode;

public sealed class CodePayloadTests
{
    private static readonly EcdsaP256Scheme Scheme = new();

    private sealed class Keys(ushort id, ICodeVerifier verifier) : IPublicKeys
    {
        public ICodeVerifier? Find(ushort keyId) => keyId == id ? verifier : null;
    }

    private static (string Text, IPublicKeys Keys, CodePayload Payload) Mint(long issuedAtMs, string name = "张*丰")
    {
        var (privateKey, publicKey) = Scheme.CreateKey();
        var payload = new CodePayload(7, 123456789, 42, issuedAtMs, 0x1122334455667788, name);
        var signed = payload.SignedBytes();
        return (CodePayload.ToText(signed, Scheme.Signer(privateKey).Sign(signed)), new Keys(7, Scheme.Verifier(publicKey)), payload);
    }

    [Fact]
    public void A_code_round_trips_and_fits_a_small_qr()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (text, keys, original) = Mint(now);
        text.ShouldStartWith("UC1.");
        text.Length.ShouldBeLessThan(200);
        CodeRules.Check(text, keys, RevocationList.Empty, now + 1000, 60, 5, out var read).ShouldBe(CodeRefusal.None);
        read.ShouldBe(original);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(-1)]
    public void Any_flipped_character_makes_the_code_forged(int position)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (text, keys, _) = Mint(now);
        var i = position < 0 ? text.Length - 1 : "UC1.".Length + position;
        var flipped = text[..i] + (text[i] == 'Q' ? 'R' : 'Q') + text[(i + 1)..];
        CodeRules.Check(flipped, keys, RevocationList.Empty, now, 60, 5, out _).ShouldBe(CodeRefusal.Forged);
    }

    [Fact]
    public void Truncated_empty_or_foreign_texts_are_forged_and_never_throw()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (text, keys, _) = Mint(now);
        foreach (var bad in new[] { "", "UC1.", "UC1.!!!!", text[..20], text[..^1], "https://example.com/x", new string('A', 5000), null })
            CodeRules.Check(bad, keys, RevocationList.Empty, now, 60, 5, out _).ShouldBe(CodeRefusal.Forged);
    }

    [Fact]
    public void Expiry_skew_and_revocation_are_judged_on_the_signed_time()
    {
        var issued = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (text, keys, _) = Mint(issued);
        CodeRules.Check(text, keys, RevocationList.Empty, issued + 60_000, 60, 5, out _).ShouldBe(CodeRefusal.None);
        CodeRules.Check(text, keys, RevocationList.Empty, issued + 60_001, 60, 5, out _).ShouldBe(CodeRefusal.Expired);
        CodeRules.Check(text, keys, RevocationList.Empty, issued - 4_000, 60, 5, out _).ShouldBe(CodeRefusal.None);
        CodeRules.Check(text, keys, RevocationList.Empty, issued - 6_000, 60, 5, out _).ShouldBe(CodeRefusal.Forged);

        var revokedAfter = new RevocationList([new RevocationEntry(123456789, issued + 1)], [], issued);
        CodeRules.Check(text, keys, revokedAfter, issued + 10, 60, 5, out _).ShouldBe(CodeRefusal.Revoked);
        var revokedBefore = new RevocationList([new RevocationEntry(123456789, issued - 1)], [], issued);
        CodeRules.Check(text, keys, revokedBefore, issued + 10, 60, 5, out _).ShouldBe(CodeRefusal.None);
        var suspended = new RevocationList([], [123456789], issued);
        CodeRules.Check(text, keys, suspended, issued + 10, 60, 5, out _).ShouldBe(CodeRefusal.Revoked);
    }

    [Fact]
    public void A_code_signed_by_another_key_with_the_same_key_id_is_forged()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (text, _, _) = Mint(now);
        var (_, otherKeys, _) = Mint(now);
        CodeRules.Check(text, otherKeys, RevocationList.Empty, now, 60, 5, out _).ShouldBe(CodeRefusal.Forged);
    }
}
