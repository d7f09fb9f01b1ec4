using System.Globalization;
using System.Text;

namespace UnionOne.Platform.Qr;

/// <summary>
/// A QR code as a compact SVG: a white background and one path with a run per row of dark modules, inside the
/// standard 4-module quiet zone.
/// </summary>
internal static class QrSvgWriter
{
    public const int QuietZone = 4;

    /// <param name="label">Accessible name (role="img"); null when the embedding element names the image.</param>
    /// <param name="pixelsPerModule">When above 0, width and height in pixels; otherwise the SVG scales to its box.</param>
    public static string Render(QrCode code, string? label, int pixelsPerModule = 0)
    {
        var size = code.Size;
        var full = size + 2 * QuietZone;
        // Roughly: a run per two modules in a row, each "M12 34h5v1h-5z" about 16 characters.
        var svg = new StringBuilder(256 + size * size * 4);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\"");
        if (pixelsPerModule > 0) svg.Append(CultureInfo.InvariantCulture, $" width=\"{full * pixelsPerModule}\" height=\"{full * pixelsPerModule}\"");
        svg.Append(" shape-rendering=\"crispEdges\"");
        if (label is not null)
        {
            svg.Append(" role=\"img\" aria-label=\"");
            svg.Append(System.Net.WebUtility.HtmlEncode(label));
            svg.Append('"');
        }
        svg.Append("><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        Span<char> number = stackalloc char[4];
        for (var y = 0; y < size; y++)
        {
            var row = code.Row(y);
            var x = 0;
            while (row != UInt128.Zero)
            {
                var skip = (int)UInt128.TrailingZeroCount(row);
                row >>= skip;
                x += skip;
                var run = (int)UInt128.TrailingZeroCount(~row);
                row = run == 128 ? UInt128.Zero : row >> run;
                svg.Append('M').Append(Format(x + QuietZone, number)).Append(' ').Append(Format(y + QuietZone, number))
                    .Append('h').Append(Format(run, number)).Append("v1h-").Append(Format(run, number)).Append('z');
                x += run;
            }
        }
        svg.Append("\"/></svg>");
        return svg.ToString();
    }

    private static ReadOnlySpan<char> Format(int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
