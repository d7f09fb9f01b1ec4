using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOne.Modules.Members.Import.Reading;

/// <summary>
/// Streams the first worksheet of an .xlsx with the SAX-style <see cref="OpenXmlReader"/>: one row at a time,
/// never the sheet as a DOM. The shared-strings table is read (also by SAX) into a compact list first.
/// </summary>
internal sealed class XlsxRowSource : IRowSource
{
    private readonly SpreadsheetDocument document;
    private readonly WorksheetPart sheet;
    private readonly SharedStrings strings;

    private XlsxRowSource(SpreadsheetDocument document, WorksheetPart sheet, SharedStrings strings)
    {
        this.document = document;
        this.sheet = sheet;
        this.strings = strings;
    }

    /// <summary>Opens the package; throws <see cref="ImportFileException"/> when it is not a readable workbook.</summary>
    public static XlsxRowSource Open(Stream stream, long maxSharedStringChars)
    {
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw ImportFileException.NotSpreadsheet();
            var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (first?.Id?.Value is not { } relId || workbook.GetPartById(relId) is not WorksheetPart sheet)
                throw new ImportFileException("工作簿中没有工作表");
            var strings = workbook.SharedStringTablePart is { } sst ? SharedStrings.Read(sst, maxSharedStringChars) : SharedStrings.Empty;
            return new XlsxRowSource(document, sheet, strings);
        }
        catch (Exception e) when (ImportFileException.IsUnreadable(e))
        {
            document?.Dispose();
            throw ImportFileException.NotSpreadsheet();
        }
        catch
        {
            document?.Dispose();
            throw;
        }
    }

    public IEnumerable<SourceRow> ReadRows(CancellationToken ct)
    {
        var row = new SourceRow();
        var text = new StringBuilder();
        using var reader = OpenXmlReader.Create(sheet);
        var lastRow = 0;
        while (reader.Read())
        {
            if (!reader.IsStartElement || reader.ElementType != typeof(Row)) continue;
            ct.ThrowIfCancellationRequested();
            var rowNo = ReadRowNumber(reader) ?? lastRow + 1;
            lastRow = rowNo;
            row.Reset(rowNo);
            var nextColumn = 0;
            if (reader.ReadFirstChild())
            {
                do
                {
                    if (reader.ElementType != typeof(Cell)) continue;
                    var (column, type) = ReadCellAttributes(reader);
                    if (column < 0) column = nextColumn;
                    nextColumn = column + 1;
                    var (value, numeric) = ReadCellValue(reader, type, text);
                    row.Set(column, value, numeric);
                }
                while (reader.ReadNextSibling());
            }
            yield return row;
        }
    }

    private static int? ReadRowNumber(OpenXmlReader reader)
    {
        foreach (var a in reader.Attributes)
            if (a.LocalName == "r" && int.TryParse(a.Value, out var r)) return r;
        return null;
    }

    private static (int Column, string? Type) ReadCellAttributes(OpenXmlReader reader)
    {
        var column = -1;
        string? type = null;
        foreach (var a in reader.Attributes)
        {
            if (a.LocalName == "r") column = ColumnIndex(a.Value);
            else if (a.LocalName == "t") type = a.Value;
        }
        return (column, type);
    }

    /// <summary>"AB12" → 27 (zero-based); -1 when absent or malformed.</summary>
    public static int ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return -1;
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') index = index * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') index = index * 26 + (c - 'a' + 1);
            else break;
            if (++letters > 3) return -1;
        }
        return letters == 0 ? -1 : index - 1;
    }

    private (string? Value, bool Numeric) ReadCellValue(OpenXmlReader reader, string? type, StringBuilder text)
    {
        string? raw = null;
        string? inline = null;
        if (reader.ReadFirstChild())
        {
            do
            {
                if (reader.ElementType == typeof(CellValue)) raw = reader.GetText();
                else if (reader.ElementType == typeof(InlineString)) inline = ReadStringItem(reader, text);
            }
            while (reader.ReadNextSibling());
        }
        switch (type)
        {
            case "s":
                return (int.TryParse(raw, out var i) ? strings.Get(i) : null, false);
            case "inlineStr":
                return (inline ?? raw, false);
            case "b":
                return (raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw, false);
            case "str" or "e" or "d":
                return (raw, false);
            default:
                return (raw, raw is not null);
        }
    }

    /// <summary>Reads a string item (si or is): plain t, or rich-text runs r/t; phonetic hints (rPh) are skipped.</summary>
    private static string ReadStringItem(OpenXmlReader reader, StringBuilder text)
    {
        text.Clear();
        if (!reader.ReadFirstChild()) return "";
        do
        {
            if (reader.ElementType == typeof(Text))
            {
                text.Append(reader.GetText());
            }
            else if (reader.ElementType == typeof(Run) && reader.ReadFirstChild())
            {
                do
                {
                    if (reader.ElementType == typeof(Text)) text.Append(reader.GetText());
                }
                while (reader.ReadNextSibling());
            }
        }
        while (reader.ReadNextSibling());
        return text.ToString();
    }

    public void Dispose() => document.Dispose();

    /// <summary>The workbook's shared-strings table, read once by SAX into a plain list (bounded in total size).</summary>
    private sealed class SharedStrings
    {
        public static readonly SharedStrings Empty = new([]);

        private readonly List<string> items;

        private SharedStrings(List<string> items) => this.items = items;

        public string? Get(int index) => (uint)index < (uint)items.Count ? items[index] : null;

        public static SharedStrings Read(SharedStringTablePart part, long maxChars)
        {
            var items = new List<string>();
            var text = new StringBuilder();
            long chars = 0;
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (!reader.IsStartElement || reader.ElementType != typeof(SharedStringItem)) continue;
                var s = ReadStringItem(reader, text);
                chars += s.Length;
                if (chars > maxChars) throw new ImportFileException("文件中的文字内容过多，请拆分后分批导入");
                items.Add(s.Length == 0 ? "" : s);
            }
            return new SharedStrings(items);
        }
    }
}
