using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Modules.Members.Import.Reading;

namespace UnionOne.Tests.Members.Import;

public sealed class XlsxReaderTests
{
    private static List<(int Row, string?[] Cells, ulong Numeric)> ReadAll(byte[] file)
    {
        using var source = XlsxRowSource.Open(new MemoryStream(file), long.MaxValue);
        return source.ReadRows(CancellationToken.None)
            .Select(r => (r.RowNo, Enumerable.Range(0, r.Width).Select(i => r[i]).ToArray(), r.NumericMask))
            .ToList();
    }

    [Fact]
    public void Rich_text_phonetic_hints_inline_strings_numbers_booleans_and_gaps_are_read_as_Excel_shows_them()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sst = workbook.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("姓名")),
                new SharedStringItem(new Run(new Text("王")), new Run(new RunProperties(new Bold()), new Text("小明")), new PhoneticRun(new Text("ワン")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 }),
                new SharedStringItem(new Text(" 带空格 ") { Space = SpaceProcessingModeValues.Preserve }));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(
                    new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                    new Cell { CellReference = "C1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("内联")) }) { RowIndex = 1 },
                new Row(
                    new Cell { CellReference = "A3", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                    new Cell { CellReference = "B3", CellValue = new CellValue("13812345678") },
                    new Cell { CellReference = "C3", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                    new Cell { CellReference = "D3", DataType = CellValues.SharedString, CellValue = new CellValue("2") },
                    new Cell { CellReference = "E3", CellFormula = new CellFormula("1+1"), CellValue = new CellValue("2") }) { RowIndex = 3 },
                new Row { RowIndex = 4 }));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "S", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }

        var rows = ReadAll(buffer.ToArray());

        rows.Select(r => r.Row).ShouldBe([1, 3, 4]);
        rows[0].Cells.ShouldBe(["姓名", null, "内联"]);
        rows[1].Cells.ShouldBe(["王小明", "13812345678", "TRUE", " 带空格 ", "2"]);
        rows[1].Numeric.ShouldBe(0b10010UL); // B and E are numbers
        rows[2].Cells.ShouldBeEmpty();
    }

    [Fact]
    public void A_shared_string_table_larger_than_one_storage_block_reads_back_exactly()
    {
        var values = Enumerable.Range(0, 70_000).Select(i => $"共享字符串{i:D6}-ABCDEFGHIJ").ToList(); // 70,000 × 21 chars > 1M chars
        var rows = new List<object?[]> { ImportFiles.Header };
        rows.AddRange(values.Select(v => new object?[] { v }));

        var read = ReadAll(ImportFiles.Xlsx(rows, sharedStrings: true));

        read.Count.ShouldBe(70_001);
        read.Skip(1).Select(r => r.Cells[0]).ShouldBe(values);
    }

    [Fact]
    public void A_workbook_without_sheets_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            document.AddWorkbookPart().Workbook = new Workbook(new Sheets());
        }

        Should.Throw<ImportFileException>(() => XlsxRowSource.Open(new MemoryStream(buffer.ToArray()), long.MaxValue)).Message.ShouldBe("工作簿中没有工作表");
    }
}
