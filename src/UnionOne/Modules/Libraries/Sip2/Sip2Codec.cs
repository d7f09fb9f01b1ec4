using System.Globalization;
using System.Text;

namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>
/// Reads and writes SIP2 (3M Standard Interchange Protocol 2.00) frames. Text is UTF-8 (Chinese titles and names);
/// the checksum is the 16-bit two's complement of the sum of the frame's bytes up to and including "AZ", as four
/// upper-case hex digits, which for ASCII frames is exactly the spec's sum of characters.
/// </summary>
internal static class Sip2Codec
{
    public static readonly Encoding Encoding = new UTF8Encoding(false);

    /// <summary>Length of the fixed part after the two-digit command, for each message this implementation reads.</summary>
    public static readonly IReadOnlyDictionary<string, int> FixedLengths = new Dictionary<string, int>
    {
        // Requests (SC → ACS).
        ["93"] = 2,  // UID algorithm, PWD algorithm
        ["99"] = 8,  // status code, max print width (3), protocol version (4)
        ["23"] = 21, // language (3), transaction date (18)
        ["11"] = 38, // SC renewal policy, no block, transaction date (18), nb due date (18)
        ["09"] = 37, // no block, transaction date (18), return date (18)
        ["17"] = 18, // transaction date
        ["35"] = 18, // transaction date
        ["97"] = 0,  // request ACS resend
        // Responses (ACS → SC).
        ["94"] = 1,  // ok
        ["98"] = 36, // online, checkin ok, checkout ok, renewal policy, status update ok, offline ok, timeout (3), retries (3), date (18), version (4)
        ["24"] = 35, // patron status (14), language (3), date (18)
        ["12"] = 22, // ok, renewal ok, magnetic media, desensitize, date (18)
        ["10"] = 22, // ok, resensitize, magnetic media, alert, date (18)
        ["18"] = 24, // circulation status (2), security marker (2), fee type (2), date (18)
        ["36"] = 19, // end session, date (18)
        ["96"] = 0,  // request SC resend
    };

    /// <summary>The four hex digits of the checksum over <paramref name="upToAndIncludingAz"/>.</summary>
    public static string Checksum(string upToAndIncludingAz)
    {
        var sum = 0;
        foreach (var b in Encoding.GetBytes(upToAndIncludingAz)) sum += b;
        return ((-sum) & 0xFFFF).ToString("X4", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The frame text without the terminating CR. With a <paramref name="sequence"/> (0-9) error detection is on:
    /// "AY{n}AZ{checksum}" is appended. Field values lose any '|', CR or LF (they would break the frame).
    /// </summary>
    public static string Format(Sip2Message message, int? sequence)
    {
        var sb = new StringBuilder(message.Command.Length + message.Fixed.Length + 64);
        sb.Append(message.Command).Append(message.Fixed);
        foreach (var (code, value) in message.Fields)
            sb.Append(code).Append(Clean(value)).Append('|');
        if (sequence is { } n)
        {
            sb.Append("AY").Append((char)('0' + n % 10)).Append("AZ");
            sb.Append(Checksum(sb.ToString()));
        }
        return sb.ToString();
    }

    /// <summary>"96" (request SC resend) with its checksum: the answer to a frame that could not be read.</summary>
    public static string ResendRequest() => "96AZ" + Checksum("96AZ");

    public static Sip2ParseResult Parse(string frame)
    {
        var text = frame.TrimEnd('\r', '\n');
        if (text.Length < 2) return Fail(Sip2FrameError.Truncated, "frame shorter than a command");
        if (text.IndexOfAny(['\r', '\n']) >= 0) return Fail(Sip2FrameError.Malformed, "CR or LF inside the frame");
        var command = text[..2];
        if (!FixedLengths.TryGetValue(command, out var fixedLength)) return Fail(Sip2FrameError.UnknownCommand, $"unknown command {Printable(command)}");

        // Error detection: ...AY{n}AZ{hhhh} at the very end.
        int? sequence = null;
        var hasChecksum = false;
        var body = text;
        var az = text.LastIndexOf("AZ", StringComparison.Ordinal);
        if (az >= 2 + fixedLength && az == text.Length - 6 && text[^4..].All(Uri.IsHexDigit))
        {
            var expected = Checksum(text[..(az + 2)]);
            if (!string.Equals(expected, text[^4..], StringComparison.OrdinalIgnoreCase))
                return Fail(Sip2FrameError.WrongChecksum, $"checksum {text[^4..]} does not match {expected}");
            hasChecksum = true;
            body = text[..az];
        }
        else if (az >= 5 && az > text.Length - 6 && text.Substring(az - 3, 2) == "AY" && char.IsAsciiDigit(text[az - 1]) && text[(az + 2)..].All(Uri.IsHexDigit))
        {
            return Fail(Sip2FrameError.Truncated, "checksum cut short");
        }
        if (body.Length >= 3 && body[^3..^1] == "AY" && char.IsAsciiDigit(body[^1]) && (body.Length - 3 == 2 + fixedLength || body[^4] == '|'))
        {
            sequence = body[^1] - '0';
            body = body[..^3];
        }
        if (body.Length < 2 + fixedLength) return Fail(Sip2FrameError.Truncated, $"fixed fields of {command} need {fixedLength} characters");

        var fields = new List<KeyValuePair<string, string>>();
        var rest = body[(2 + fixedLength)..];
        foreach (var piece in rest.Split('|'))
        {
            if (piece.Length == 0) continue;
            if (piece.Length < 2 || !char.IsAsciiLetterUpper(piece[0]) || !(char.IsAsciiLetterUpper(piece[1]) || char.IsAsciiDigit(piece[1])))
                return Fail(Sip2FrameError.Malformed, "variable field without a two-letter code");
            fields.Add(new(piece[..2], piece[2..]));
        }
        return new Sip2ParseResult(new Sip2Message(command, body.Substring(2, fixedLength), fields, sequence, hasChecksum), null, null);
    }

    /// <summary>SIP2 date and time: YYYYMMDD, four spaces (local time zone), HHMMSS; 18 characters.</summary>
    public static string Timestamp(DateTime local) => local.ToString("yyyyMMdd'    'HHmmss", CultureInfo.InvariantCulture);

    private static string Clean(string value) => value.Replace('|', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static Sip2ParseResult Fail(Sip2FrameError error, string detail) => new(null, error, detail);
}
