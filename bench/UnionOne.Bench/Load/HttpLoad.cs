using System.Net;
using System.Net.Http.Headers;

namespace UnionOne.Bench.Load;

/// <summary>HTTP/1.1 load against the app on 127.0.0.1: one pooled connection per client, bodies read to the end.</summary>
internal sealed class HttpLoad : IDisposable
{
    private readonly HttpClient client;

    public HttpLoad(Uri baseAddress, int connections)
    {
        client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }

    /// <summary>A bearer token or a cookie header sent with every request (or none).</summary>
    public sealed record Credentials(string? BearerToken = null, string? Cookie = null, string? Authorization = null)
    {
        public static Credentials None { get; } = new();
    }

    /// <summary>GET <paramref name="path"/>; true when the status is 200. The body is read and discarded.</summary>
    public async ValueTask<bool> GetOkAsync(string path, Credentials credentials, byte[] buffer, CancellationToken ct)
    {
        using var request = Request(path, credentials);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        while (await body.ReadAsync(buffer, ct) > 0)
        {
        }
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>POST a JSON body; true when the status is 200 and the answer contains <paramref name="expect"/>.</summary>
    public async ValueTask<bool> PostJsonAsync(string path, Credentials credentials, byte[] json, string expect, CancellationToken ct)
    {
        using var request = Request(path, credentials, HttpMethod.Post);
        request.Content = new ByteArrayContent(json);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK && body.Contains(expect, StringComparison.Ordinal);
    }

    /// <summary>POST a JSON body with one extra header (e.g. Idempotency-Key); true when the status is <paramref name="expected"/>, else throws with the answer.</summary>
    public async ValueTask<bool> PostJsonAsync(string path, Credentials credentials, byte[] json, (string Name, string Value) header, HttpStatusCode expected,
        CancellationToken ct)
    {
        using var request = Request(path, credentials, HttpMethod.Post);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        request.Content = new ByteArrayContent(json);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected) throw new HttpRequestException($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        return true;
    }

    /// <summary>GET once and keep the answer (for probes and result checks before a load).</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, Credentials credentials, CancellationToken ct)
    {
        using var request = Request(path, credentials);
        using var response = await client.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static HttpRequestMessage Request(string path, Credentials credentials, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (credentials.Authorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (credentials.BearerToken is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (credentials.Cookie is { } cookie) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return request;
    }

    public void Dispose() => client.Dispose();
}
