using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace UnionOne.Platform.Web;

/// <summary>
/// A Razor component that writes a whole document (its own &lt;html&gt;), rendered statically by the plain
/// <see cref="HtmlRenderer"/> and written as text/html. For the hottest member pages only: it skips what
/// RazorComponentResult sets up for interactive and enhanced pages (endpoint renderer, persisted component state,
/// antiforgery, streaming), which on this machine costs about as much as the page itself (docs/performance.md). The
/// component gets no cascading values at all (no HttpContext, authentication state or persisted state: see
/// <see cref="DocumentServices"/>) and must not contain forms; the NavigationManager is initialised with the request's
/// address, so links that depend on it (the language switch) work. The HTML is encoded straight into the response from
/// a per-thread buffer, not built as one string first.
/// </summary>
internal sealed class ComponentDocument<TComponent>(Dictionary<string, object?> parameters) : IResult
    where TComponent : IComponent
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var request = httpContext.Request;
        if (services.GetService<NavigationManager>() is IHostEnvironmentNavigationManager navigation)
        {
            var baseUri = $"{request.Scheme}://{request.Host}{request.PathBase}/";
            navigation.Initialize(baseUri, baseUri + request.Path.Value?.TrimStart('/') + request.QueryString);
        }
        var html = DocumentBuffer.Take();
        try
        {
            await using (var renderer = new HtmlRenderer(new DocumentServices(services), services.GetRequiredService<ILoggerFactory>()))
            {
                await renderer.Dispatcher.InvokeAsync(async () =>
                {
                    var root = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
                    using var writer = new StringWriter(html, CultureInfo.InvariantCulture);
                    root.WriteHtmlTo(writer);
                });
            }
            var response = httpContext.Response;
            response.ContentType = "text/html; charset=utf-8";
            var encoder = Encoding.UTF8.GetEncoder();
            foreach (var chunk in html.GetChunks()) encoder.Convert(chunk.Span, response.BodyWriter, flush: false, out _, out _);
            encoder.Convert([], response.BodyWriter, flush: true, out _, out _);
        }
        finally
        {
            DocumentBuffer.Return(html);
        }
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>One reusable StringBuilder per thread for rendered documents (a card is about 6,000 characters).</summary>
internal static class DocumentBuffer
{
    private const int MaxKeptCapacity = 64 * 1024;

    [ThreadStatic]
    private static StringBuilder? cached;

    public static StringBuilder Take()
    {
        var builder = cached ?? new StringBuilder(8 * 1024);
        cached = null;
        return builder;
    }

    public static void Return(StringBuilder builder)
    {
        if (builder.Capacity > MaxKeptCapacity) return;
        builder.Clear();
        cached = builder;
    }
}
