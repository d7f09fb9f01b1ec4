using System.Text;
using System.Xml.Linq;
using UnionOne.Platform.Qr;

namespace UnionOne.Tests.Platform.Qr;

public sealed class QrSvgWriterTests
{
    [Fact]
    public void The_svg_is_well_formed_and_paints_exactly_the_dark_modules_inside_a_quiet_zone()
    {
        var code = QrEncoder.Encode(Encoding.ASCII.GetBytes("UC1.dGhpcyBpcyBhIG1lbWJlciBjb2Rl-_x"), QrEcc.L);
        var svg = QrSvgWriter.Render(code, "会员码 <\"x\">");

        var root = XDocument.Parse(svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        root.Name.ShouldBe(ns + "svg");
        var full = code.Size + 8;
        root.Attribute("viewBox")!.Value.ShouldBe($"0 0 {full} {full}");
        root.Attribute("role")!.Value.ShouldBe("img");
        root.Attribute("aria-label")!.Value.ShouldBe("会员码 <\"x\">");
        root.Attribute("width").ShouldBeNull();
        root.Element(ns + "rect")!.Attribute("fill")!.Value.ShouldBe("#fff");
        svg.ShouldContain("aria-label=\"会员码 &lt;&quot;x&quot;&gt;\"");

        var painted = SvgModules.Painted(svg, full);
        var count = 0;
        foreach (var dark in painted) if (dark) count++;
        count.ShouldBe(code.DarkCount);
        for (var y = 0; y < full; y++)
        {
            for (var x = 0; x < full; x++)
            {
                var inside = x >= 4 && y >= 4 && x < full - 4 && y < full - 4;
                painted[x, y].ShouldBe(inside && code[x - 4, y - 4], $"module {x},{y}");
            }
        }
    }

    [Fact]
    public void Pixel_size_and_no_label_when_asked()
    {
        var code = QrEncoder.Encode("https://x.cn/join/AB12"u8, QrEcc.M);
        var root = XDocument.Parse(QrSvgWriter.Render(code, null, pixelsPerModule: 6)).Root!;
        root.Attribute("width")!.Value.ShouldBe(((code.Size + 8) * 6).ToString());
        root.Attribute("height")!.Value.ShouldBe(((code.Size + 8) * 6).ToString());
        root.Attribute("role").ShouldBeNull();
        root.Attribute("aria-label").ShouldBeNull();
    }
}
