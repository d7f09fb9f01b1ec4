using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Web;

/// <summary>Settings of <see cref="RequestBodyLimit"/> (section "RequestLimits").</summary>
internal sealed class RequestLimitOptions
{
    /// <summary>The largest body of an ordinary request (JSON or form post); uploads declare their own limit.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// One body limit for every request: <see cref="RequestLimitOptions.MaxBodyBytes"/>, unless the endpoint declares its own
/// (RequestSizeLimitAttribute on an upload, which also checks the length itself to answer with its own message). A
/// declared length over the ordinary limit is refused before anything is read (413, "提交的内容过大"); a body that
/// turns out longer than its limit fails when read past it (Kestrel through the feature, or, on a server without it,
/// by counting the bytes read). A NUL character in the query string or a url-encoded form (PostgreSQL text cannot
/// hold it) is a 400.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true)
                throw new BadHttpRequestException("NUL in the query string.", StatusCodes.Status400BadRequest);
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared)
            {
                // An upload: the endpoint checks the declared length itself (with its own message); reading past the limit fails.
                if (declared.MaxRequestBodySize is { } own) Enforce(context, own);
            }
            else
            {
                var max = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxBodyBytes;
                if (context.Request.ContentLength > max) throw TooLarge();
                Enforce(context, max);
            }
            if (context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                && await HasNulAsync(context.Request))
                throw new BadHttpRequestException("NUL in a form field.", StatusCodes.Status400BadRequest);
            await next();
        });

    /// <summary>Whether a (small, already limited) url-encoded form holds a NUL, raw or as %00; the body is rewound for the form reader.</summary>
    private static async Task<bool> HasNulAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        return bytes.IndexOf((byte)0) >= 0 || bytes.IndexOf("%00"u8) >= 0;
    }

    private static void Enforce(HttpContext context, long max)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        else context.Request.Body = new LimitedBody(context.Request.Body, max);
    }

    public static BadHttpRequestException TooLarge() => new("Request body too large.", StatusCodes.Status413PayloadTooLarge);
}

/// <summary>A request body that fails with 413 once more than the limit has been read.</summary>
internal sealed class LimitedBody(Stream inner, long limit) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        read += n;
        if (read > limit) throw RequestBodyLimit.TooLarge();
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
