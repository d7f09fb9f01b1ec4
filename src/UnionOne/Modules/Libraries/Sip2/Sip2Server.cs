using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>
/// The SIP2 TCP service (hosted). Frames end in CR; each is answered before the next is read. Listens only when
/// Libraries:Sip2:Enabled is set; the port is bound in StartAsync, so a taken port stops the app at start.
/// </summary>
internal sealed class Sip2Server(IOptions<Sip2Options> options, Sip2Desk desk, ILogger<Sip2Server> logger) : IHostedService, IDisposable
{
    /// <summary>Longest frame accepted; a longer one is answered with 96 and the connection closed.</summary>
    public const int MaxFrameBytes = 8192;

    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<long, Task> connections = new();
    private TcpListener? listener;
    private Task? acceptLoop;
    private long nextConnection;

    /// <summary>Where the service listens (null when disabled).</summary>
    public IPEndPoint? LocalEndPoint => listener?.LocalEndpoint as IPEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.CompletedTask;
        listener = new TcpListener(IPAddress.Parse(o.BindAddress), o.Port);
        listener.Start();
        logger.LogInformation("SIP2 service listening on {EndPoint}", listener.LocalEndpoint);
        acceptLoop = AcceptAsync(stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener is null) return;
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await (acceptLoop ?? Task.CompletedTask).WaitAsync(cancellationToken);
            await Task.WhenAll(connections.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: open connections are dropped.
        }
    }

    public void Dispose()
    {
        listener?.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener!.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (connections.Count >= options.Value.MaxConnections)
            {
                logger.LogWarning("SIP2 connection refused: {Max} connections already open", options.Value.MaxConnections);
                client.Dispose();
                continue;
            }
            var id = Interlocked.Increment(ref nextConnection);
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connections[id] = Task.Run(async () =>
            {
                await registered.Task;
                try
                {
                    await ServeAsync(client, ct);
                }
                finally
                {
                    connections.TryRemove(id, out _);
                }
            }, CancellationToken.None);
            registered.SetResult();
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var session = new Sip2Session();
        var buffer = new byte[MaxFrameBytes];
        var filled = 0;
        var idle = TimeSpan.FromSeconds(options.Value.IdleTimeoutSeconds);
        try
        {
            while (!ct.IsCancellationRequested && !session.Closing)
            {
                int read;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    timeout.CancelAfter(idle);
                    read = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token);
                }
                if (read == 0) return; // closed by the peer; a frame cut off without its CR is dropped, nothing done
                filled += read;
                int cr;
                while (!session.Closing && (cr = Array.IndexOf(buffer, (byte)'\r', 0, filled)) >= 0)
                {
                    var frame = Sip2Codec.Encoding.GetString(buffer, 0, cr).TrimStart('\n');
                    filled -= cr + 1;
                    Buffer.BlockCopy(buffer, cr + 1, buffer, 0, filled);
                    if (frame.Length == 0) continue;
                    var answer = await desk.HandleAsync(session, frame, ct);
                    await stream.WriteAsync(Sip2Codec.Encoding.GetBytes(answer + "\r"), ct);
                }
                if (filled == buffer.Length)
                {
                    logger.LogWarning("SIP2 frame longer than {Max} bytes; answered 96 and closed", MaxFrameBytes);
                    await stream.WriteAsync(Sip2Codec.Encoding.GetBytes(Sip2Codec.ResendRequest() + "\r"), ct);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // Idle timeout, shutdown or a dropped connection.
        }
    }
}
