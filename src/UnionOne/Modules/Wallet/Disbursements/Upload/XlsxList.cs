using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOne.Modules.Wallet.Disbursements.Upload;

/// <summary>The file is not a readable .xlsx workbook, or has no usable sheet (message in Chinese, a localisation key).</summary>
internal sealed class ListFileException(string message) : Exception(message);

/// <summary>One row of the first sheet: its number as Excel shows it, its cells by column (0 = A), and which cells were numbers.</summary>
internal sealed record ListRow(int RowNo, string?[] Cells, bool[] Numeric)
{
    public string? this[int column] => column >= 0 && column < Cells.Length ? Cells[column] : null;

    public bool IsNumeric(int column) => column >= 0 && column < Numeric.Length && Numeric[column];

    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads the first worksheet of an .xlsx list: the package is opened with the Open XML SDK and the sheet and shared strings
/// are read forward-only with XmlReader (no DOM), so a 180,000-row list stays small in memory. Only the first
/// <see cref="MaxColumns"/> columns are kept.
/// </summary>
internal static class XlsxList
{
    public const int MaxColumns = 16;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static List<ListRow> Read(Stream stream, int maxRows)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or XmlException or ArgumentException)
        {
            throw new ListFileException("文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传");
        }
        using (document)
        {
            try
            {
                var workbook = document.WorkbookPart ?? throw new ListFileException("文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传");
                var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
                if (first?.Id?.Value is not { } relId || workbook.GetPartById(relId) is not WorksheetPart sheet)
                    throw new ListFileException("工作簿中没有工作表");
                var strings = workbook.SharedStringTablePart is { } sst ? SharedStrings(sst) : [];
                return Rows(sheet, strings, maxRows);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or OpenXmlPackageException or IOException)
            {
                throw new ListFileException("文件不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后重新上传");
            }
        }
    }

    private static List<ListRow> Rows(WorksheetPart sheet, List<string> strings, int maxRows)
    {
        var rows = new List<ListRow>();
        using var reader = XmlReader.Create(sheet.GetStream(FileMode.Open, FileAccess.Read), Settings);
        var lastRow = 0;
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                reader.Read();
                continue;
            }
            var rowNo = int.TryParse(reader.GetAttribute("r"), out var r) ? r : lastRow + 1;
            lastRow = rowNo;
            var cells = new string?[MaxColumns];
            var numeric = new bool[MaxColumns];
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                var next = 0;
                reader.Read();
                while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
                    {
                        var column = ColumnIndex(reader.GetAttribute("r"));
                        if (column < 0) column = next;
                        next = column + 1;
                        var (value, isNumber) = Cell(reader, strings);
                        if (column < MaxColumns)
                        {
                            cells[column] = value;
                            numeric[column] = isNumber;
                        }
                    }
                    reader.Read();
                }
            }
            reader.Read();
            var row = new ListRow(rowNo, cells, numeric);
            if (row.IsEmpty) continue;
            rows.Add(row);
            if (rows.Count > maxRows + 1) break;
        }
        return rows;
    }

    /// <summary>Reads a c element (the reader is on it); leaves the reader on its end.</summary>
    private static (string? Value, bool Numeric) Cell(XmlReader reader, List<string> strings)
    {
        var type = reader.GetAttribute("t");
        if (reader.IsEmptyElement) return (null, false);
        var depth = reader.Depth;
        string? raw = null;
        string? inline = null;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
            {
                raw = reader.ReadElementContentAsString();
                continue;
            }
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
            {
                inline = StringItem(reader);
                continue;
            }
            reader.Read();
        }
        return type switch
        {
            "s" => (int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? strings[i] : null, false),
            "inlineStr" => (inline ?? raw, false),
            "str" or "e" or "b" or "d" => (raw, false),
            _ => (raw, raw is not null),
        };
    }

    private static List<string> SharedStrings(SharedStringTablePart part)
    {
        var items = new List<string>();
        using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), Settings);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                items.Add(StringItem(reader));
                continue;
            }
            reader.Read();
        }
        return items;
    }

    /// <summary>Reads a string item (si or is; the reader is on it): plain t or rich-text runs, phonetic hints skipped. Leaves the reader after it.</summary>
    private static string StringItem(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        var depth = reader.Depth;
        var text = new StringBuilder();
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                text.Append(reader.ReadElementContentAsString());
                continue;
            }
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip();
                continue;
            }
            reader.Read();
        }
        reader.Read();
        return text.ToString();
    }

    /// <summary>"AB12" → 27 (zero-based); -1 when absent or malformed.</summary>
    private static int ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return -1;
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') index = index * 26 + (c - 'A' + 1);
            else break;
            if (++letters > 3) return -1;
        }
        return letters == 0 ? -1 : index - 1;
    }
}
