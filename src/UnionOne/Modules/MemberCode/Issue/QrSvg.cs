using System.Text;
using UnionOne.Platform.Qr;

namespace UnionOne.Modules.MemberCode.Issue;

/// <summary>The member code as a compact SVG (one path, a run per row of dark modules), rendered on every refresh.</summary>
internal static class QrSvg
{
    public static string Render(string text, string label)
    {
        // Member codes are ASCII (a prefix and base64url), at most a few hundred bytes.
        Span<byte> utf8 = text.Length <= 512 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        return QrSvgWriter.Render(QrEncoder.Encode(utf8[..length], QrEcc.L), label);
    }
}
