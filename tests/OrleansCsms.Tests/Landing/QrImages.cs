using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace OrleansCsms.Tests.Landing;

/// <summary>
/// Reads QR codes back from the images served: a PNG is decoded to pixels, an SVG's filled shapes are sampled at each
/// module's centre; either way the modules are compared with the ones QRCoder makes for the expected text, and decoded
/// by an independent reader (ZXing) to the text they carry.
/// </summary>
internal static partial class QrImages
{
    /// <summary>The modules of a PNG drawn at <paramref name="pixelsPerModule"/>, dark as true, sampled at each module's centre.</summary>
    public static bool[,] PngModules(byte[] png, int pixelsPerModule)
    {
        var (gray, width, height) = DecodePng(png);
        Assert.True(width == height && width % pixelsPerModule == 0, $"Expected a square PNG of whole {pixelsPerModule}-pixel modules, but it is {width}x{height}.");
        var size = width / pixelsPerModule;
        var modules = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                modules[row, column] = gray[((row * pixelsPerModule) + (pixelsPerModule / 2)) * width + (column * pixelsPerModule) + (pixelsPerModule / 2)] < 128;
            }
        }

        return modules;
    }

    /// <summary>The modules of an SVG: a module is dark when its centre lies inside the dark shapes (nonzero winding).</summary>
    public static bool[,] SvgModules(string svg, int modulesPerSide)
    {
        var root = XDocument.Parse(svg).Root!;
        var viewBox = ((string?)root.Attribute("viewBox") ?? throw new Xunit.Sdk.XunitException("Expected the SVG to have a viewBox.")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();
        var edges = new List<(double X1, double Y1, double X2, double Y2)>();
        foreach (var element in root.Descendants())
        {
            if (IsLight((string?)element.Attribute("fill")))
            {
                continue;
            }

            if (element.Name.LocalName == "rect")
            {
                double x = Number((string)element.Attribute("x")!), y = Number((string)element.Attribute("y")!);
                double w = Number((string)element.Attribute("width")!), h = Number((string)element.Attribute("height")!);
                edges.AddRange([(x, y, x + w, y), (x + w, y, x + w, y + h), (x + w, y + h, x, y + h), (x, y + h, x, y)]);
            }
            else if (element.Name.LocalName == "path")
            {
                edges.AddRange(PathEdges((string)element.Attribute("d")!));
            }
        }

        var unit = viewBox[2] / modulesPerSide;
        var modules = new bool[modulesPerSide, modulesPerSide];
        for (var row = 0; row < modulesPerSide; row++)
        {
            for (var column = 0; column < modulesPerSide; column++)
            {
                modules[row, column] = Winding(edges, viewBox[0] + ((column + 0.5) * unit), viewBox[1] + ((row + 0.5) * unit)) != 0;
            }
        }

        return modules;
    }

    /// <summary>Decodes modules with ZXing, drawn 4 pixels each, to the text they carry.</summary>
    public static string Decode(bool[,] modules)
    {
        const int scale = 4;
        var size = modules.GetLength(0) * scale;
        var luminance = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                luminance[(y * size) + x] = modules[y / scale, x / scale] ? (byte)0 : (byte)255;
            }
        }

        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, size, size, RGBLuminanceSource.BitmapFormat.Gray8)));
        var result = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true });
        return result?.Text ?? throw new Xunit.Sdk.XunitException("Expected the modules to decode as a QR code.");
    }

    public static string Describe(bool[,] modules)
    {
        var lines = new List<string>();
        for (var row = 0; row < modules.GetLength(0); row++)
        {
            lines.Add(string.Concat(Enumerable.Range(0, modules.GetLength(1)).Select(column => modules[row, column] ? '#' : '.')));
        }

        return string.Join('\n', lines);
    }

    private static bool IsLight(string? fill) =>
        fill is not null && (fill.Equals("white", StringComparison.OrdinalIgnoreCase) || fill.Equals("none", StringComparison.OrdinalIgnoreCase)
            || Regex.IsMatch(fill, "^#(f{3}|f{6}|f{8})$", RegexOptions.IgnoreCase));

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The edges of a path of straight lines (M, L, H, V, Z, absolute or relative).</summary>
    private static IEnumerable<(double, double, double, double)> PathEdges(string d)
    {
        double x = 0, y = 0, startX = 0, startY = 0;
        var command = 'M';
        var tokens = PathTokens().Matches(d).Select(m => m.Value).ToList();
        for (var i = 0; i < tokens.Count;)
        {
            if (char.IsLetter(tokens[i][0]))
            {
                command = tokens[i++][0];
                if (command is 'Z' or 'z')
                {
                    yield return (x, y, startX, startY);
                    (x, y) = (startX, startY);
                    continue;
                }
            }

            double nextX = x, nextY = y;
            switch (command)
            {
                case 'M' or 'L': (nextX, nextY) = (Number(tokens[i++]), Number(tokens[i++])); break;
                case 'm' or 'l': (nextX, nextY) = (x + Number(tokens[i++]), y + Number(tokens[i++])); break;
                case 'H': nextX = Number(tokens[i++]); break;
                case 'h': nextX = x + Number(tokens[i++]); break;
                case 'V': nextY = Number(tokens[i++]); break;
                case 'v': nextY = y + Number(tokens[i++]); break;
                default: throw new Xunit.Sdk.XunitException($"Unexpected path command '{command}' in the QR code's SVG.");
            }

            if (command is 'M' or 'm')
            {
                (startX, startY) = (nextX, nextY);
                command = command == 'M' ? 'L' : 'l';
            }
            else
            {
                yield return (x, y, nextX, nextY);
            }

            (x, y) = (nextX, nextY);
        }
    }

    private static int Winding(List<(double X1, double Y1, double X2, double Y2)> edges, double px, double py)
    {
        var winding = 0;
        foreach (var (x1, y1, x2, y2) in edges)
        {
            if (y1 <= py && y2 > py && Cross(x1, y1, x2, y2, px, py) > 0)
            {
                winding++;
            }
            else if (y1 > py && y2 <= py && Cross(x1, y1, x2, y2, px, py) < 0)
            {
                winding--;
            }
        }

        return winding;
    }

    private static double Cross(double x1, double y1, double x2, double y2, double px, double py) => ((x2 - x1) * (py - y1)) - ((px - x1) * (y2 - y1));

    [GeneratedRegex("[A-Za-z]|-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?")]
    private static partial Regex PathTokens();

    /// <summary>A PNG's pixels as gray levels: 8-bit or less gray or palette, or 8-bit RGB(A), not interlaced.</summary>
    private static (byte[] Gray, int Width, int Height) DecodePng(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "Expected a PNG signature.");
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[] palette = [];
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    (width, height, depth, colorType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[8], data[9]);
                    Assert.True(data[12] == 0, "Expected a PNG without interlacing.");
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": compressed.Write(data); break;
            }

            offset += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var channels = colorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new Xunit.Sdk.XunitException($"Unexpected PNG color type {colorType}.") };
        var bitsPerPixel = channels * depth;
        var stride = ((width * bitsPerPixel) + 7) / 8;
        var bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        var raw = inflated.ToArray();
        var previous = new byte[stride];
        var gray = new byte[width * height];
        for (var row = 0; row < height; row++)
        {
            var filter = raw[row * (stride + 1)];
            var line = raw.AsSpan((row * (stride + 1)) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0, up = previous[i], upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new Xunit.Sdk.XunitException($"Unexpected PNG filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                gray[(row * width) + x] = Gray(line, x, depth, colorType, palette);
            }

            previous = line;
        }

        return (gray, width, height);
    }

    private static byte Gray(byte[] line, int x, int depth, int colorType, byte[] palette)
    {
        if (colorType is 2 or 6)
        {
            var at = x * (colorType == 2 ? 3 : 4);
            return (byte)((line[at] + line[at + 1] + line[at + 2]) / 3);
        }

        if (colorType == 4)
        {
            return line[x * 2];
        }

        var bit = x * depth;
        var sample = (line[bit / 8] >> (8 - depth - (bit % 8))) & ((1 << depth) - 1);
        return colorType == 3
            ? (byte)((palette[sample * 3] + palette[(sample * 3) + 1] + palette[(sample * 3) + 2]) / 3)
            : (byte)(sample * 255 / ((1 << depth) - 1));
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
