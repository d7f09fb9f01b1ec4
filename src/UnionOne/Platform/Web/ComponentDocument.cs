using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace UnionOne.Platform.Web;

/// <summary>
/// A Razor component that writes a whole document (its own &lt;html&gt;), rendered statically by the plain
/// <see cref="HtmlRenderer"/> and written as text/html. For the hottest member pages only: it skips what
/// RazorComponentResult sets up for interactive and enhanced pages (endpoint renderer, persisted component state,
/// antiforgery, streaming), which on this machine costs about as much as the page itself (docs/performance.md). The
/// component gets no cascading HttpContext or authentication state and must not contain forms; the NavigationManager is
/// initialised with the request's address, so links that depend on it (the language switch) work.
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
        string html;
        await using (var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>()))
        {
            html = await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        }
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
    }
}
