using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace UnionOne.Tests.Platform.Qr;

/// <summary>
/// Reads back which modules a QR SVG paints, by following its path as a renderer would: every "h" draws a
/// one-module-wide line through the middle of its row, from the pen's position ("M x y.5" absolute, "m dx 0" relative).
/// Fails on anything else in the path and on a module painted twice.
/// </summary>
internal static partial class SvgModules
{
    public static bool[,] Painted(string svg, int size)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var path = XDocument.Parse(svg).Root!.Element(ns + "path")!;
        path.Attribute("stroke")!.Value.ShouldBe("#000");
        path.Attribute("fill").ShouldBeNull();
        var d = path.Attribute("d")!.Value;
        var painted = new bool[size, size];
        int penX = 0, penY = -1, consumed = 0;
        foreach (Match run in Run().Matches(d))
        {
            run.Index.ShouldBe(consumed, "the path holds only runs");
            consumed += run.Length;
            var dx = int.Parse(run.Groups[2].Value);
            if (run.Groups[1].Value == "M")
            {
                penX = dx;
                penY = int.Parse(run.Groups[3].Value);
                run.Groups[4].Value.ShouldBe(".5");
            }
            else
            {
                penY.ShouldBeGreaterThanOrEqualTo(0, "a relative move before any row");
                run.Groups[3].Value.ShouldBe("0");
                run.Groups[4].Value.ShouldBeEmpty();
                penX += dx;
            }
            var w = int.Parse(run.Groups[5].Value);
            for (var i = penX; i < penX + w; i++)
            {
                painted[i, penY].ShouldBeFalse("a module painted twice");
                painted[i, penY] = true;
            }
            penX += w;
        }
        consumed.ShouldBe(d.Length);
        return painted;
    }

    [GeneratedRegex(@"([Mm])(\d+) (\d+)(\.5)?h(\d+)")]
    private static partial Regex Run();
}
