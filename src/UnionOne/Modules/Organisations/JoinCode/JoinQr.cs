using QRCoder;

namespace UnionOne.Modules.Organisations.JoinCode;

/// <summary>The join QR (扫码入会) printed on posters: it encodes the public join page of the union.</summary>
internal static class JoinQr
{
    public static string JoinUrl(HttpRequest request, string joinCode) =>
        $"{request.Scheme}://{request.Host}/join/{Uri.EscapeDataString(joinCode)}";

    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6);
    }
}
