using QRCoder;

namespace OrleansCsms.Frontend.Landing;

/// <summary>
/// QR codes of the public pages. Error correction level M (15%) survives a scuffed sticker while keeping the code
/// small enough for a URL to scan from a phone at arm's length.
/// </summary>
public static class LandingQrCode
{
    public const QRCodeGenerator.ECCLevel ErrorCorrection = QRCodeGenerator.ECCLevel.M;

    private const int SvgPixelsPerModule = 8;
    private const int PngPixelsPerModule = 10;

    /// <summary>The modules of the code for <paramref name="text"/>, quiet zone included.</summary>
    public static QRCodeData Encode(string text) => QRCodeGenerator.GenerateQrCode(text, ErrorCorrection);

    public static string Svg(string text)
    {
        using var data = Encode(text);
        return new SvgQRCode(data).GetGraphic(SvgPixelsPerModule);
    }

    public static byte[] Png(string text)
    {
        using var data = Encode(text);
        return new PngByteQRCode(data).GetGraphic(PngPixelsPerModule);
    }
}
