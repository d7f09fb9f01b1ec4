using System.Buffers;
using System.Net;

namespace UnionOne.Platform.Qr;

/// <summary>
/// A QR code as a compact SVG: a white background and one stroked path, inside the standard 4-module quiet zone. Each
/// run of dark modules in a row is a one-module-wide horizontal line through the middle of the row: the row's first run
/// "M{x} {y}.5h{length}", the next ones relative to the end of the previous "m{gap} 0h{length}" (about half the size of
/// a filled rectangle per run, and the member card sends one on every refresh). Written into one pooled buffer and
/// copied once into the result string.
/// </summary>
internal static class QrSvgWriter
{
    public const int QuietZone = 4;

    // "M123 123.5h123" is the longest run.
    private const int MaxRunChars = 20;

    /// <param name="label">Accessible name (role="img"); null when the embedding element names the image.</param>
    /// <param name="pixelsPerModule">When above 0, width and height in pixels; otherwise the SVG scales to its box.</param>
    public static string Render(QrCode code, string? label, int pixelsPerModule = 0)
    {
        var size = code.Size;
        var full = size + 2 * QuietZone;
        var encodedLabel = label is null ? null : WebUtility.HtmlEncode(label);
        var capacity = 400 + (encodedLabel?.Length ?? 0) + size * ((size + 1) / 2) * MaxRunChars;
        var buffer = ArrayPool<char>.Shared.Rent(capacity);
        try
        {
            var w = new Writer(buffer);
            w.Put("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
            w.Put(full);
            w.Put(' ');
            w.Put(full);
            w.Put('"');
            if (pixelsPerModule > 0)
            {
                w.Put(" width=\"");
                w.Put(full * pixelsPerModule);
                w.Put("\" height=\"");
                w.Put(full * pixelsPerModule);
                w.Put('"');
            }
            w.Put(" shape-rendering=\"crispEdges\"");
            if (encodedLabel is not null)
            {
                w.Put(" role=\"img\" aria-label=\"");
                w.Put(encodedLabel);
                w.Put('"');
            }
            w.Put("><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path stroke=\"#000\" d=\"");
            for (var y = 0; y < size; y++)
            {
                var row = code.Row(y);
                var x = 0;
                var end = -1;
                while (row != UInt128.Zero)
                {
                    var skip = (int)UInt128.TrailingZeroCount(row);
                    row >>= skip;
                    x += skip;
                    var run = (int)UInt128.TrailingZeroCount(~row);
                    row = run == 128 ? UInt128.Zero : row >> run;
                    if (end < 0) w.FirstRun(x + QuietZone, y + QuietZone, run);
                    else w.NextRun(x - end, run);
                    x += run;
                    end = x;
                }
            }
            w.Put("\"/></svg>");
            return new string(buffer, 0, w.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private ref struct Writer(char[] buffer)
    {
        private readonly Span<char> span = buffer;
        public int Length;

        public void Put(char c) => span[Length++] = c;

        public void Put(string s)
        {
            s.CopyTo(span[Length..]);
            Length += s.Length;
        }

        /// <summary>Non-negative numbers below 10,000 (coordinates and pixel sizes).</summary>
        public void Put(int value)
        {
            if (value >= 1000) span[Length++] = (char)('0' + value / 1000);
            if (value >= 100) span[Length++] = (char)('0' + value / 100 % 10);
            if (value >= 10) span[Length++] = (char)('0' + value / 10 % 10);
            span[Length++] = (char)('0' + value % 10);
        }

        /// <summary>"M{x} {y}.5h{run}": the first run of row y, from module x.</summary>
        public void FirstRun(int x, int y, int run)
        {
            Put('M');
            Put(x);
            Put(' ');
            Put(y);
            Put(".5h");
            Put(run);
        }

        /// <summary>"m{gap} 0h{run}": the next run of the same row, gap modules after the end of the previous one.</summary>
        public void NextRun(int gap, int run)
        {
            Put('m');
            Put(gap);
            Put(" 0h");
            Put(run);
        }
    }
}
