namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>
/// One SIP2 message: a two-digit command, its fixed-length fields (as one string, in the order the spec lists them),
/// then variable fields "XXvalue|". Error detection adds "AY{sequence}AZ{checksum}" at the end.
/// </summary>
internal sealed class Sip2Message(string command, string fixedPart, IReadOnlyList<KeyValuePair<string, string>> fields, int? sequence = null, bool hasChecksum = false)
{
    public string Command { get; } = command;

    public string Fixed { get; } = fixedPart;

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; } = fields;

    /// <summary>The AY sequence number (0-9) when the frame carried one.</summary>
    public int? Sequence { get; } = sequence;

    /// <summary>True when the frame carried an AZ checksum (which the codec has verified).</summary>
    public bool HasChecksum { get; } = hasChecksum;

    /// <summary>The first value of a field, or null.</summary>
    public string? this[string code] => Fields.FirstOrDefault(f => f.Key == code) is { Key: not null } f ? f.Value : null;

    public IEnumerable<string> All(string code) => Fields.Where(f => f.Key == code).Select(f => f.Value);

    /// <summary>One fixed field by position (0-based within the fixed part) and length.</summary>
    public string FixedAt(int start, int length) => Fixed.Length >= start + length ? Fixed.Substring(start, length) : "";

    public static Sip2Message Create(string command, string fixedPart, params (string Code, string? Value)[] fields) =>
        new(command, fixedPart, fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Code, f.Value!)).ToList());
}

/// <summary>Why a frame could not be read.</summary>
internal enum Sip2FrameError
{
    /// <summary>Shorter than its command's fixed fields, or the checksum cut short.</summary>
    Truncated = 1,

    /// <summary>AZ does not match the characters before it.</summary>
    WrongChecksum = 2,

    /// <summary>Not a command this server or client knows.</summary>
    UnknownCommand = 3,

    /// <summary>A variable field without its two-character code, or a character a frame may not carry.</summary>
    Malformed = 4,
}

internal readonly record struct Sip2ParseResult(Sip2Message? Message, Sip2FrameError? Error, string? Detail)
{
    public bool Ok => Message is not null;
}
