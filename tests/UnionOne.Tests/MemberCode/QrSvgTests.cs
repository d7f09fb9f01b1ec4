using System.Text;
using QRCoder;
using UnionOne.Modules.MemberCode.Issue;
using UnionOne.Tests.Platform.Qr;

namespace UnionOne.Tests.MemberCode;

public sealed class QrSvgTests
{
    [Fact]
    public void The_path_paints_exactly_the_dark_modules_of_the_qr_code()
    {
        var text = "UC1." + new string('A', 140);
        var svg = QrSvg.Render(text, "会员码 <x>");

        using var generator = new QRCodeGenerator();
        // The bytes overload: QRCoder's string overload switches to numeric and alphanumeric segments (ISO/IEC 18004
        // Annex J), while the member code is encoded as one byte-mode segment.
        using var data = generator.CreateQrCode(Encoding.ASCII.GetBytes(text), QRCodeGenerator.ECCLevel.L);
        var size = data.ModuleMatrix.Count;
        svg.ShouldContain($"viewBox=\"0 0 {size} {size}\"");
        svg.ShouldContain("aria-label=\"会员码 &lt;x&gt;\"");

        var painted = SvgModules.Painted(svg, size);
        var dark = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                painted[x, y].ShouldBe(data.ModuleMatrix[y][x], $"module {x},{y}");
                if (painted[x, y]) dark++;
            }
        }
        dark.ShouldBeGreaterThan(size * 4);
    }
}
