using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Writes rows to an .xlsx the way Excel saves a filled template: one sheet, every text cell a shared string (the ID
/// and phone columns are text, so all digits are kept), cell references on every cell. Streamed with OpenXmlWriter.
/// </summary>
internal static class XlsxWriter
{
    public static void Write(string path, IEnumerable<ImportRow> rows)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var cellCount = 0;
        int Index(string s)
        {
            cellCount++;
            if (strings.TryGetValue(s, out var i)) return i;
            strings[s] = stringList.Count;
            stringList.Add(s);
            return stringList.Count - 1;
        }

        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, 1, ImportRow.Headers, Index);
            var rowNo = 1;
            foreach (var row in rows) WriteRow(writer, ++rowNo, row.Cells, Index);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        var shared = workbook.AddNewPart<SharedStringTablePart>();
        using (var writer = OpenXmlWriter.Create(shared))
        {
            writer.WriteStartElement(new SharedStringTable(),
            [
                new OpenXmlAttribute("count", "", cellCount.ToString(CultureInfo.InvariantCulture)),
                new OpenXmlAttribute("uniqueCount", "", stringList.Count.ToString(CultureInfo.InvariantCulture)),
            ]);
            foreach (var s in stringList) writer.WriteElement(new SharedStringItem(new Text(s)));
            writer.WriteEndElement();
        }

        workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "会员名单", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, int rowNo, string[] cells, Func<string, int> index)
    {
        var r = rowNo.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r)]);
        for (var c = 0; c < cells.Length; c++)
        {
            if (cells[c].Length == 0) continue;
            writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", (char)('A' + c) + r), new OpenXmlAttribute("t", "", "s")]);
            writer.WriteElement(new CellValue(index(cells[c]).ToString(CultureInfo.InvariantCulture)));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }
}
