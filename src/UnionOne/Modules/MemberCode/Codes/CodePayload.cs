using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace UnionOne.Modules.MemberCode.Codes;

/// <summary>
/// What a member code says, signed by the server. Text form: "UC1." + base64url(version ‖ kid ‖ member id ‖ union id ‖
/// issued-at (Unix ms) ‖ nonce ‖ masked-name length ‖ masked name (UTF-8) ‖ signature). Integers are big-endian. The masked name
/// (张*三) lets an offline gate say who without holding any personal data. A payment code ("UP1.", version byte 2) has the same
/// layout; the version byte is signed, so one kind can never be passed off as the other.
/// </summary>
public sealed record CodePayload(ushort KeyId, long MemberId, long UnionId, long IssuedAtMs, long Nonce, string MaskedName, CodeKind Kind = CodeKind.Entry)
{
    public const string Prefix = "UC1.";
    public const string PaymentPrefix = "UP1.";
    private const int FixedLength = 1 + 2 + 8 + 8 + 8 + 8 + 1;

    private static string PrefixOf(CodeKind kind) => kind == CodeKind.Payment ? PaymentPrefix : Prefix;

    public DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeMilliseconds(IssuedAtMs);

    /// <summary>The bytes the signature covers.</summary>
    public byte[] SignedBytes()
    {
        var name = Encoding.UTF8.GetBytes(MaskedName);
        if (name.Length > 255) throw new ArgumentException("masked name too long", nameof(MaskedName));
        var bytes = new byte[FixedLength + name.Length];
        bytes[0] = (byte)Kind;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), KeyId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(3), MemberId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(11), UnionId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(19), IssuedAtMs);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(27), Nonce);
        bytes[35] = (byte)name.Length;
        name.CopyTo(bytes.AsSpan(FixedLength));
        return bytes;
    }

    public static string ToText(byte[] signedBytes, byte[] signature)
    {
        var prefix = PrefixOf((CodeKind)signedBytes[0]);
        var all = new byte[signedBytes.Length + signature.Length];
        signedBytes.CopyTo(all, 0);
        signature.CopyTo(all, signedBytes.Length);
        return prefix + Base64Url.EncodeToString(all);
    }

    /// <summary>Splits a scanned text into payload, signed bytes and signature; false when it is not a member code at all.</summary>
    public static bool TryParse(string? text, out CodePayload payload, out ReadOnlyMemory<byte> signedBytes, out ReadOnlyMemory<byte> signature)
    {
        payload = null!;
        signedBytes = default;
        signature = default;
        text = text?.Trim();
        if (text is null || text.Length > 1024) return false;
        CodeKind kind;
        if (text.StartsWith(Prefix, StringComparison.Ordinal)) kind = CodeKind.Entry;
        else if (text.StartsWith(PaymentPrefix, StringComparison.Ordinal)) kind = CodeKind.Payment;
        else return false;
        byte[] all;
        try
        {
            all = Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        if (all.Length < FixedLength || all[0] != (byte)kind) return false;
        var nameLength = all[35];
        if (all.Length < FixedLength + nameLength + 1) return false;
        string name;
        try
        {
            name = new UTF8Encoding(false, true).GetString(all, FixedLength, nameLength);
        }
        catch (ArgumentException)
        {
            return false;
        }
        payload = new CodePayload(
            BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(1)),
            BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(3)),
            BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(11)),
            BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(19)),
            BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(27)),
            name,
            kind);
        signedBytes = all.AsMemory(0, FixedLength + nameLength);
        signature = all.AsMemory(FixedLength + nameLength);
        return true;
    }
}

/// <summary>What a code is for: entering places and desks, or paying at a merchant's till (version byte of the payload).</summary>
public enum CodeKind : byte
{
    Entry = 1,
    Payment = 2,
}
