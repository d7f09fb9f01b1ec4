using Microsoft.AspNetCore.DataProtection;

namespace UnionOne.Platform.Web;

internal static class WebSetup
{
    public static IServiceCollection AddUnionOneWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // Cookie and bearer-token keys survive restarts when a key directory is configured (`make run`: .data/keys);
        // several instances must share it (see docs/architecture.md).
        var dataProtection = services.AddDataProtection().SetApplicationName("UnionOne");
        if (configuration["DataProtection:KeysPath"] is { Length: > 0 } keys) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, HotPathJson.Default);
            o.SerializerOptions.Converters.Add(new NoNulStrings());
        });
        services.AddAntiforgery();
        // Chinese text goes out as text, not as &#x...; entities (smaller pages, readable sources).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        return services;
    }

    /// <summary>Conservative security headers for every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "same-origin";
            h.XFrameOptions = "DENY";
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
            await next();
        });
}

/// <summary>Refuses a JSON string holding U+0000 (PostgreSQL text cannot store it): a 400, not a database error.</summary>
internal sealed class NoNulStrings : System.Text.Json.Serialization.JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && value.Contains('\0', StringComparison.Ordinal)) throw new System.Text.Json.JsonException("NUL character in a string.");
        return value;
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string value, System.Text.Json.JsonSerializerOptions options) => writer.WriteStringValue(value);
}
