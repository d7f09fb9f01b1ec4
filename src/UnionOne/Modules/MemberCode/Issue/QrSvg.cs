using System.Globalization;
using System.Text;
using QRCoder;

namespace UnionOne.Modules.MemberCode.Issue;

/// <summary>
/// The member code as a compact SVG: one path with a run per row of dark modules (QRCoder's own SVG writes a rectangle
/// per module, several times larger and slower, and the card is rendered on every refresh).
/// </summary>
internal static class QrSvg
{
    public static string Render(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        var rows = data.ModuleMatrix;
        var size = rows.Count;
        var svg = new StringBuilder(8 * 1024);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"");
        svg.Append(System.Net.WebUtility.HtmlEncode(label));
        svg.Append("\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (var y = 0; y < size; y++)
        {
            var row = rows[y];
            for (var x = 0; x < size;)
            {
                if (!row[x])
                {
                    x++;
                    continue;
                }
                var start = x;
                while (x < size && row[x]) x++;
                svg.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start}v1h-{x - start}z");
            }
        }
        svg.Append("\"/></svg>");
        return svg.ToString();
    }
}
