using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOne.Platform.Spreadsheets;

/// <summary>
/// A one-sheet .xlsx written row by row through OpenXmlWriter, so memory stays flat for any number of rows (exports of
/// member lists and rosters). Every cell is an inline string: exports show IDs, member numbers and dates exactly as the
/// screens do, and Excel must not turn a member number into 1.2E+15. Call <see cref="Complete"/> once the rows are written;
/// disposing without it leaves an unusable file, which is what a failed export should leave.
/// </summary>
internal sealed class XlsxSheetWriter : IDisposable
{
    private readonly SpreadsheetDocument document;
    private readonly WorkbookPart workbookPart;
    private readonly WorksheetPart sheetPart;
    private readonly OpenXmlWriter writer;
    private readonly string sheetName;
    private uint rowIndex;
    private bool completed;

    public XlsxSheetWriter(Stream target, string sheetName, IReadOnlyList<double>? columnWidths = null)
    {
        this.sheetName = sheetName;
        document = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        workbookPart = document.AddWorkbookPart();
        sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        writer = OpenXmlWriter.Create(sheetPart);
        writer.WriteStartElement(new Worksheet());
        if (columnWidths is { Count: > 0 })
        {
            writer.WriteStartElement(new Columns());
            for (var i = 0; i < columnWidths.Count; i++)
                writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = columnWidths[i], CustomWidth = true });
            writer.WriteEndElement();
        }
        writer.WriteStartElement(new SheetData());
    }

    /// <summary>Rows written so far, the header row included.</summary>
    public int Rows => (int)rowIndex;

    public void WriteRow(IEnumerable<string> values)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        writer.WriteStartElement(new Row { RowIndex = ++rowIndex });
        foreach (var value in values)
        {
            writer.WriteStartElement(new Cell { DataType = CellValues.InlineString });
            writer.WriteElement(new InlineString(new Text(value)));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    /// <summary>Closes the sheet, writes the workbook naming it, and saves the package into the target stream.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(completed, this);
        completed = true;
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Dispose();
        using (var workbookWriter = OpenXmlWriter.Create(workbookPart))
        {
            workbookWriter.WriteStartElement(new Workbook());
            workbookWriter.WriteStartElement(new Sheets());
            workbookWriter.WriteElement(new Sheet { Name = sheetName, SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) });
            workbookWriter.WriteEndElement();
            workbookWriter.WriteEndElement();
        }
        document.Dispose();
    }

    public void Dispose()
    {
        if (completed) return;
        completed = true;
        try
        {
            writer.Dispose();
            document.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OpenXmlPackageException or System.Xml.XmlException)
        {
            // Only reached when the export failed: the half-written file is thrown away, and the first error is the one to report.
        }
    }
}
