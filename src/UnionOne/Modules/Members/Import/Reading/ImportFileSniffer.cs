using System.Text;

namespace UnionOne.Modules.Members.Import.Reading;

internal enum ImportFileKind
{
    Xlsx,
    Csv,
}

/// <summary>
/// Decides from the bytes, not the file name, what a file is: an .xlsx (a zip package), or a CSV text in
/// UTF-8 (with or without BOM) or GB18030 (what Excel writes for "CSV" on Chinese Windows). Anything else is refused.
/// </summary>
internal static class ImportFileSniffer
{
    private const int SampleSize = 64 * 1024;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static ImportFileSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    /// <summary>Reads a sample from the start of the (seekable) stream and rewinds it. For CSV, <paramref name="encoding"/> is set.</summary>
    public static ImportFileKind Detect(Stream stream, out Encoding? encoding)
    {
        encoding = null;
        stream.Position = 0;
        var buffer = new byte[SampleSize];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
        var whole = length < buffer.Length;
        stream.Position = 0;
        var sample = buffer.AsSpan(0, length);

        if (length == 0) throw new ImportFileException("文件是空的");
        if (sample.StartsWith("PK\u0003\u0004"u8)) return ImportFileKind.Xlsx;
        if (sample.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
            throw new ImportFileException("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入");

        var text = sample;
        if (text.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) text = text[3..];
        if (!LooksLikeText(text)) throw ImportFileException.NotSpreadsheet();
        if (Decodes(StrictUtf8, text, whole)) encoding = Encoding.UTF8;
        else if (Decodes(StrictGb18030(), text, whole)) encoding = Gb18030;
        else throw ImportFileException.NotSpreadsheet();

        // Skip the BOM for the reader.
        if (sample.Length != text.Length) stream.Position = sample.Length - text.Length;
        return ImportFileKind.Csv;
    }

    /// <summary>No NUL or other control characters besides tab, CR and LF: binary files (images, zips, executables) fail here.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if ((b < 0x20 && b is not (0x09 or 0x0A or 0x0D)) || b == 0x7F) return false;
        return true;
    }

    private static bool Decodes(Encoding encoding, ReadOnlySpan<byte> bytes, bool whole)
    {
        try
        {
            var decoder = encoding.GetDecoder();
            var chars = new char[4096];
            var offset = 0;
            while (offset < bytes.Length)
            {
                var take = Math.Min(2048, bytes.Length - offset);
                var last = offset + take >= bytes.Length;
                decoder.Convert(bytes.Slice(offset, take), chars, flush: last && whole, out var used, out _, out _);
                offset += used;
                if (used == 0) break;
            }
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding StrictGb18030() =>
        Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
