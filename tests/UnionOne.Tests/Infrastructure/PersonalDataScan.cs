using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Tests.Infrastructure;

/// <summary>
/// Issue 6: nothing the app logs or answers on /api carries a full ID number or mobile number, except the audited reveal
/// endpoints whose purpose is to show one. Every test fixture scans its own log lines and API response bodies, so the whole
/// test run is covered; a finding fails the fixture (see <see cref="UnionOneApp"/>).
/// </summary>
public static partial class PersonalDataScan
{
    /// <summary>Endpoints that show personal data in full on purpose (each one writes an audit entry).</summary>
    private static readonly string[] RevealPaths = ["/reveal", "/reveal-phone"];

    public static IEnumerable<string> Find(string text)
    {
        foreach (Match m in IdNumberPattern().Matches(text))
        {
            var v = m.Value.ToUpperInvariant();
            if (ResidentIdNumber.CheckCharacter(v.AsSpan(0, 17)) == v[17] && DateOnly.TryParseExact(v[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return "ID " + v[..6] + "…";
        }
        foreach (Match m in PhonePattern().Matches(text)) yield return "phone " + m.Value[..3] + "…";
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")]
    private static partial Regex PhonePattern();

    /// <summary>Scans every /api response body (text only) before it leaves the app; findings go to <paramref name="findings"/>.</summary>
    internal sealed class ResponseScanner(ConcurrentQueue<string> findings) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var path = context.Request.Path.Value ?? "";
                if (!path.StartsWith("/api/", StringComparison.Ordinal) || RevealPaths.Any(r => path.EndsWith(r, StringComparison.Ordinal)))
                {
                    await nextMiddleware(context);
                    return;
                }
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await nextMiddleware(context);
                }
                finally
                {
                    context.Response.Body = original;
                }
                var type = context.Response.ContentType ?? "";
                if (type.Contains("json", StringComparison.Ordinal) || type.StartsWith("text/", StringComparison.Ordinal))
                {
                    foreach (var f in Find(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)))
                        findings.Enqueue($"{context.Request.Method} {path} -> {f}");
                }
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
            });
            next(app);
        };
    }
}
