using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Modules.Members.Import.Validation;

namespace UnionOne.Modules.Members.Import.Templates;

/// <summary>
/// The blank templates a union fills. The .xlsx formats the ID and phone columns as text, so Excel keeps
/// all 18 digits, and carries a second sheet with instructions and the allowed job types.
/// </summary>
internal static class ImportTemplates
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] Instructions =
    [
        "会员批量导入填写说明",
        "1. 第一行为表头，请勿修改列名；列的顺序可以调整。必填列：姓名、身份证号、手机号、职业类型、入会日期；标签、工作单位可不填。",
        "2. 身份证号：18位（末位可为X），15位旧号码会自动升级。请保持该列为“文本”格式，否则 Excel 会丢失末几位数字。",
        "3. 手机号：11位中国大陆手机号码。",
        "4. 职业类型：从下列中选填一项：" + RowValidator.JobTypeList + "。",
        "5. 入会日期：如 2024-03-01 或 2024/3/1，不能晚于今天，不能早于本人年满16周岁。",
        "6. 标签：可填多个，用顿号“、”或逗号分隔，每个不超过10个字，如：工匠、退役军人。",
        "7. 上传后系统先逐行校验并给出报告（行号、列、原因），确认后点击“提交有效数据”才会入库；已是本工会会员的人员不会重复导入。",
    ];

    public static byte[] Csv()
    {
        var header = string.Join(",", ImportColumns.Template.Select(t => t.Header)) + "\r\n";
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(header)];
    }

    public static byte[] Xlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            var members = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(members, writer =>
            {
                writer.WriteStartElement(new Columns());
                for (uint i = 1; i <= ImportColumns.Count; i++)
                {
                    var text = ImportColumns.Template[(int)i - 1].Column is ImportColumn.IdNumber or ImportColumn.Phone or ImportColumn.JoinedOn;
                    writer.WriteElement(new Column { Min = i, Max = i, Width = i is 2 or 7 ? 24 : 14, CustomWidth = true, Style = text ? 1U : 0U });
                }
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, ImportColumns.Template.Select(t => t.Header), style: 2);
                writer.WriteEndElement();
            });

            var help = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(help, writer =>
            {
                writer.WriteStartElement(new Columns());
                writer.WriteElement(new Column { Min = 1, Max = 1, Width = 120, CustomWidth = true });
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());
                for (var i = 0; i < Instructions.Length; i++) WriteRow(writer, (uint)i + 1, [Instructions[i]], style: i == 0 ? 2U : 0U);
                writer.WriteEndElement();
            });

            workbook.Workbook.AppendChild(new Sheets(
                new Sheet { Name = "会员名单", SheetId = 1, Id = workbook.GetIdOfPart(members) },
                new Sheet { Name = "填写说明", SheetId = 2, Id = workbook.GetIdOfPart(help) }));
            workbook.Workbook.Save();
        }
        return buffer.ToArray();
    }

    private static void WriteSheet(WorksheetPart part, Action<OpenXmlWriter> body)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        body(writer);
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, uint rowIndex, IEnumerable<string> values, uint style)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        var column = 0;
        foreach (var value in values)
        {
            var cell = new Cell { CellReference = $"{(char)('A' + column++)}{rowIndex}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) };
            if (style != 0) cell.StyleIndex = style;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    /// <summary>Style 0: default; 1: text format (@, numFmt 49) for ID, phone and date columns; 2: bold header.</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 3 });
}
