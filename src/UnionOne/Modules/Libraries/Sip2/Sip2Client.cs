using System.Net.Sockets;

namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>
/// A SIP2 client (self-check side): sends requests with AY/AZ error detection, checks each answer's checksum and
/// sequence, resends on 96 and asks for a resend (97) when an answer arrives damaged. Used to reach a public
/// library alliance's SIP2 service, and in tests against this platform's own service.
/// </summary>
internal sealed class Sip2Client : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;
    private readonly byte[] buffer = new byte[Sip2Server.MaxFrameBytes];
    private int filled;
    private int sequence = -1;

    private Sip2Client(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Times a request is sent again after a 96 or a damaged answer.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Institution id (AO) sent with requests.</summary>
    public string Institution { get; set; } = "";

    public static async Task<Sip2Client> ConnectAsync(string host, int port, CancellationToken ct = default)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, ct);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new Sip2Client(tcp);
    }

    public async Task<bool> LoginAsync(string userId, string password, string location = "", CancellationToken ct = default)
    {
        var answer = await SendAsync(Sip2Message.Create("93", "00", ("CN", userId), ("CO", password), ("CP", location)), ct);
        return answer.Fixed == "1";
    }

    public Task<Sip2Message> StatusAsync(CancellationToken ct = default) =>
        SendAsync(Sip2Message.Create("99", "0" + "080" + "2.00"), ct);

    public async Task<Sip2PatronStatus> PatronStatusAsync(string patronId, CancellationToken ct = default)
    {
        var a = await SendAsync(Sip2Message.Create("23", "000" + Now(), ("AO", Institution), ("AA", patronId), ("AC", ""), ("AD", "")), ct);
        return new Sip2PatronStatus(a["BL"] == "Y", a.FixedAt(0, 1) != "Y", a["AE"] ?? "", a.FixedAt(0, 14), a["AF"] ?? "");
    }

    public async Task<Sip2CheckoutResult> CheckoutAsync(string patronId, string itemId, CancellationToken ct = default)
    {
        var a = await SendAsync(Sip2Message.Create("11", "NN" + Now() + Now(), ("AO", Institution), ("AA", patronId), ("AB", itemId), ("AC", "")), ct);
        return new Sip2CheckoutResult(a.FixedAt(0, 1) == "1", a["AJ"] ?? "", a["AH"] ?? "", a["AF"] ?? "");
    }

    public async Task<Sip2CheckinResult> CheckinAsync(string itemId, string location = "", CancellationToken ct = default)
    {
        var a = await SendAsync(Sip2Message.Create("09", "N" + Now() + Now(), ("AP", location), ("AO", Institution), ("AB", itemId), ("AC", "")), ct);
        return new Sip2CheckinResult(a.FixedAt(0, 1) == "1", a["AJ"] ?? "", a["AQ"] ?? "", a["AF"] ?? "");
    }

    public async Task<Sip2ItemInformation> ItemInformationAsync(string itemId, CancellationToken ct = default)
    {
        var a = await SendAsync(Sip2Message.Create("17", Now(), ("AO", Institution), ("AB", itemId), ("AC", "")), ct);
        return new Sip2ItemInformation(a.FixedAt(0, 2), a["AJ"] ?? "", a["AH"] ?? "", a["AQ"] ?? "", a["AP"] ?? "", a["AF"] ?? "");
    }

    public async Task<bool> EndSessionAsync(string patronId, CancellationToken ct = default)
    {
        var a = await SendAsync(Sip2Message.Create("35", Now(), ("AO", Institution), ("AA", patronId)), ct);
        return a.FixedAt(0, 1) == "Y";
    }

    /// <summary>Sends one request with the next sequence number; returns the verified answer.</summary>
    public async Task<Sip2Message> SendAsync(Sip2Message request, CancellationToken ct = default)
    {
        sequence = (sequence + 1) % 10;
        var frame = Sip2Codec.Format(request, sequence);
        var line = await SendRawAsync(frame, ct);
        for (var attempt = 0; ; attempt++)
        {
            var parsed = Sip2Codec.Parse(line);
            if (parsed.Ok && parsed.Message!.Command != "96")
            {
                var answer = parsed.Message;
                if (answer.Sequence is { } s && s != sequence)
                    throw new Sip2Exception($"SIP2 answer carries sequence {s}, expected {sequence}");
                return answer;
            }
            if (attempt >= MaxRetries)
                throw new Sip2Exception(parsed.Ok ? "SIP2 service asked for a resend (96) too many times" : $"SIP2 answer unreadable: {parsed.Error}");
            // 96: the service could not read our frame, send it again; a damaged answer: ask for it again (97).
            line = await SendRawAsync(parsed.Ok ? frame : "97AZ" + Sip2Codec.Checksum("97AZ"), ct);
        }
    }

    /// <summary>Writes one frame as given (CR appended) and returns the next answer line without its CR.</summary>
    public async Task<string> SendRawAsync(string frame, CancellationToken ct = default)
    {
        await stream.WriteAsync(Sip2Codec.Encoding.GetBytes(frame.EndsWith('\r') ? frame : frame + "\r"), ct);
        return await ReadLineAsync(ct);
    }

    /// <summary>Writes bytes without adding a CR (for tests of frames cut short).</summary>
    public async Task WriteRawAsync(string text, CancellationToken ct = default) =>
        await stream.WriteAsync(Sip2Codec.Encoding.GetBytes(text), ct);

    public async Task<string> ReadLineAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        while (true)
        {
            var cr = Array.IndexOf(buffer, (byte)'\r', 0, filled);
            if (cr >= 0)
            {
                var line = Sip2Codec.Encoding.GetString(buffer, 0, cr).TrimStart('\n');
                filled -= cr + 1;
                Buffer.BlockCopy(buffer, cr + 1, buffer, 0, filled);
                return line;
            }
            if (filled == buffer.Length) throw new Sip2Exception("SIP2 answer longer than the frame limit");
            var read = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token);
            if (read == 0) throw new Sip2Exception("SIP2 connection closed by the service");
            filled += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Now() => Sip2Codec.Timestamp(DateTime.UtcNow.AddHours(8));
}

internal sealed class Sip2Exception(string message) : Exception(message);

internal sealed record Sip2PatronStatus(bool Valid, bool MayBorrow, string Name, string Flags, string ScreenMessage);

internal sealed record Sip2CheckoutResult(bool Ok, string Title, string DueDate, string ScreenMessage);

internal sealed record Sip2CheckinResult(bool Ok, string Title, string HomeLibrary, string ScreenMessage);

internal sealed record Sip2ItemInformation(string CirculationStatus, string Title, string DueDate, string HomeLibrary, string CurrentLocation, string ScreenMessage);
