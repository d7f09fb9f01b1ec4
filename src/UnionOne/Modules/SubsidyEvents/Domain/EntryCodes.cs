using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>One-time entry codes of the SMS receipt: 10 random digits, stored only as SHA-256 of "event id:code".</summary>
internal static class EntryCodes
{
    public const int Length = 10;

    public static string New() =>
        string.Create(Length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        });

    public static byte[] Hash(long eventId, string code) =>
        SHA256.HashData(Encoding.ASCII.GetBytes(eventId.ToString(CultureInfo.InvariantCulture) + ":" + code));

    /// <summary>True when the text looks like a receipt code (digits only, spaces ignored).</summary>
    public static string? Normalise(string text)
    {
        var s = text.Replace(" ", "", StringComparison.Ordinal).Trim();
        return s.Length == Length && s.All(char.IsAsciiDigit) ? s : null;
    }
}
