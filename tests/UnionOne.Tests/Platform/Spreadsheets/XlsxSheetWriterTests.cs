using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Platform.Spreadsheets;

namespace UnionOne.Tests.Platform.Spreadsheets;

public sealed class XlsxSheetWriterTests
{
    [Fact]
    public void Rows_come_back_as_text_in_order_under_the_named_sheet_with_the_column_widths()
    {
        using var stream = new MemoryStream();
        using (var sheet = new XlsxSheetWriter(stream, "会员名单", [16, 12]))
        {
            sheet.WriteRow(["会员号", "姓名"]);
            sheet.WriteRow(["0010000000000123", "王<小>&明"]);
            sheet.WriteRow(["20260001", ""]);
            sheet.Rows.ShouldBe(3);
            sheet.Complete();
        }

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var named = workbook.Workbook.Descendants<Sheet>().Single();
        named.Name!.Value.ShouldBe("会员名单");
        var part = (WorksheetPart)workbook.GetPartById(named.Id!.Value!);
        part.Worksheet.Descendants<Column>().Select(c => c.Width!.Value).ShouldBe([16d, 12d]);
        var rows = part.Worksheet.Descendants<Row>().ToList();
        rows.Select(r => r.RowIndex!.Value).ShouldBe([1u, 2u, 3u]);
        rows.Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ShouldBe(
            [["会员号", "姓名"], ["0010000000000123", "王<小>&明"], ["20260001", ""]]);
        rows.SelectMany(r => r.Elements<Cell>()).ShouldAllBe(c => c.DataType!.Value == CellValues.InlineString);
    }

    [Fact]
    public void A_failed_export_disposes_without_completing_and_without_a_second_error()
    {
        using var stream = new MemoryStream();
        var sheet = new XlsxSheetWriter(stream, "报名名单");
        sheet.WriteRow(["会员号"]);

        Should.NotThrow(sheet.Dispose);
        Should.Throw<ObjectDisposedException>(() => sheet.WriteRow(["x"]));
    }
}
