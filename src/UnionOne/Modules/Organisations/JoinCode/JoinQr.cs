using System.Text;
using UnionOne.Platform.Qr;

namespace UnionOne.Modules.Organisations.JoinCode;

/// <summary>The join QR (扫码入会) printed on posters: it encodes the public join page of the union.</summary>
internal static class JoinQr
{
    public static string JoinUrl(HttpRequest request, string joinCode) =>
        $"{request.Scheme}://{request.Host}/join/{Uri.EscapeDataString(joinCode)}";

    /// <summary>6 pixels per module with the quiet zone; the page's img element carries the accessible name.</summary>
    public static string Svg(string text) =>
        QrSvgWriter.Render(QrEncoder.Encode(Encoding.UTF8.GetBytes(text), QrEcc.M), label: null, pixelsPerModule: 6);
}
