using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Wallet.Settlement;
using UnionOne.Platform.Money;

namespace UnionOne.Modules.Wallet.Reports;

/// <summary>The wallet report as .xlsx (sheets: summary, by month, by merchant, by category); amounts in yuan with two decimals as numbers. Audited.</summary>
internal sealed class ReportExport(WalletReports reports, IAuditLog audit, IStringLocalizer<WalletText> l)
{
    public const string ExportAction = "wallet.report-export";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record File(byte[] Content, string FileName);

    public async Task<File> CreateAsync(long? unionId, string? from, string? to, CancellationToken ct)
    {
        var report = await reports.GetAsync(unionId, from, to, Permission.Export, ct);
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            AddStyles(workbook);
            var t = report.Totals;
            AddSheet(workbook, l["汇总"], [l["项目"], l["数值"]],
            [
                [Text(l["工会"]), Text(report.UnionName)],
                [Text(l["统计期间"]), Text($"{report.From} ~ {report.To}")],
                [Text(l["发放金额（元）"]), Money(t.Disbursed)],
                [Text(l["消费金额（元）"]), Money(t.Spent)],
                [Text(l["退款金额（元）"]), Money(t.Refunded)],
                [Text(l["到期退回（元）"]), Money(t.Expired)],
                [Text(l["拉动消费（元）"]), Money(t.Driven)],
                [Text(l["会员节省（元）"]), Money(t.Savings)],
                [Text(l["消费人次"]), Number(t.Payments)],
                [Text(l["消费会员数"]), Number(t.Members)],
            ]);
            AddSheet(workbook, l["按月"], [l["月份"], l["发放金额（元）"], l["消费人次"], l["消费金额（元）"], l["退款金额（元）"], l["到期退回（元）"], l["拉动消费（元）"], l["会员节省（元）"]],
                report.Months.Select(m => new[] { Text(m.Month), Money(m.Disbursed), Number(m.Payments), Money(m.Spent), Money(m.Refunded), Money(m.Expired), Money(m.Driven), Money(m.Savings) }));
            AddSheet(workbook, l["按商户"], [l["排名"], l["商户"], l["类别"], l["消费人次"], l["消费会员数"], l["消费金额（元）"], l["退款金额（元）"], l["拉动消费（元）"], l["会员节省（元）"]],
                report.Merchants.Select((m, i) => new[] { Number(i + 1), Text(m.Name), Text(m.CategoryLabel), Number(m.Visits), Number(m.Members), Money(m.Spent), Money(m.Refunded), Money(m.Driven), Money(m.Savings) }));
            AddSheet(workbook, l["按类别"], [l["类别"], l["消费人次"], l["消费金额（元）"], l["退款金额（元）"], l["拉动消费（元）"], l["会员节省（元）"]],
                report.Categories.Select(c => new[] { Text(c.Label), Number(c.Visits), Money(c.Spent), Money(c.Refunded), Money(c.Driven), Money(c.Savings) }));
            workbook.Workbook.Save();
        }
        await audit.WriteAsync(new AuditEntry(ExportAction, "wallet-report", null, report.UnionId,
            new { from = report.From, to = report.To, merchants = report.Merchants.Count }), ct: ct);
        return new File(buffer.ToArray(), $"{l["工惠统计报表"]}-{report.From}-{report.To}.xlsx");
    }

    private static void AddStyles(WorkbookPart workbook)
    {
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.00" }) { Count = 1 },
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 2 });
    }

    private static void AddSheet(WorkbookPart workbook, string name, IReadOnlyList<string> headers, IEnumerable<Cell[]> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(new Row(headers.Select(Text)) { RowIndex = 1 });
        uint index = 1;
        foreach (var row in rows) data.Append(new Row(row) { RowIndex = ++index });
        part.Worksheet = new Worksheet(new Columns(new Column { Min = 1, Max = (uint)headers.Count, Width = 16, CustomWidth = true }), data);
        var sheets = workbook.Workbook.Sheets!;
        sheets.Append(new Sheet { Name = name, SheetId = (uint)sheets.ChildElements.Count + 1, Id = workbook.GetIdOfPart(part) });
    }

    private static Cell Text(string value) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) };

    private static Cell Number(long value) => new() { DataType = CellValues.Number, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };

    /// <summary>Fen written as a yuan number with exactly two decimals, from the integer (no floating point on the way).</summary>
    private static Cell Money(long fen) => new() { DataType = CellValues.Number, StyleIndex = 1, CellValue = new CellValue(Fen.Yuan(fen)) };
}
