using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace UnionOne.Modules.Members.Import.Reading;

/// <summary>The file as a whole cannot be imported (not xlsx/csv, damaged, no header, too large). Nothing is staged.</summary>
internal sealed class ImportFileException(string message, bool tooLarge = false) : Exception(message)
{
    /// <summary>The file exceeds the size limit (413 rather than 400).</summary>
    public bool TooLarge { get; } = tooLarge;

    public const string NotSpreadsheetMessage = "文件不是有效的 Excel（.xlsx）或 CSV 文件";

    public static ImportFileException NotSpreadsheet() => new(NotSpreadsheetMessage);

    /// <summary>Exceptions that mean the bytes are not a readable workbook or text file.</summary>
    public static bool IsUnreadable(Exception e) => e is OpenXmlPackageException or InvalidDataException or FileFormatException
        or XmlException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException
        or System.Text.DecoderFallbackException or IOException;
}
