using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Tests.Members.Import;

/// <summary>Builds import files the way unions' tools do: .xlsx written with OpenXmlWriter (inline or shared strings), CSV in UTF-8 or GB18030.</summary>
internal static class ImportFiles
{
    public static readonly string[] Header = ["姓名", "身份证号", "手机号", "职业类型", "入会日期", "标签", "工作单位"];

    private static int counter;

    static ImportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>A valid, process-unique ID number with the given region, and a unique phone.</summary>
    public static (string Id, string Phone) NextPerson(string region = "331002")
    {
        var n = Interlocked.Increment(ref counter);
        var birth = new DateOnly(1970, 1, 1).AddDays(n % 12000);
        var seq = 100 + n / 12000;
        return (IdNumber(region, birth, seq), "139" + n.ToString("D8", CultureInfo.InvariantCulture));
    }

    public static string IdNumber(string region, DateOnly birth, int seq)
    {
        var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    /// <summary>The same ID with a wrong check character.</summary>
    public static string WrongCheck(string id) => id[..17] + (id[17] == '1' ? '2' : '1');

    /// <summary>Rows of cells: string → text cell, double → number cell, null → no cell.</summary>
    public static byte[] Xlsx(IEnumerable<object?[]> rows, bool sharedStrings = false)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var table = new Dictionary<string, int>();
            var order = new List<string>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                uint r = 0;
                foreach (var row in rows)
                {
                    r++;
                    writer.WriteStartElement(new Row { RowIndex = r });
                    for (var c = 0; c < row.Length; c++)
                    {
                        var reference = $"{(char)('A' + c)}{r}";
                        switch (row[c])
                        {
                            case null:
                                break;
                            case double d:
                                writer.WriteElement(new Cell { CellReference = reference, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)) });
                                break;
                            case string s when sharedStrings:
                                if (!table.TryGetValue(s, out var index)) { index = order.Count; table[s] = index; order.Add(s); }
                                writer.WriteElement(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) });
                                break;
                            case var other:
                                writer.WriteElement(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(other, CultureInfo.InvariantCulture)!)) });
                                break;
                        }
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            if (sharedStrings)
            {
                var sst = workbook.AddNewPart<SharedStringTablePart>();
                using var writer = OpenXmlWriter.Create(sst);
                writer.WriteStartElement(new SharedStringTable { Count = (uint)order.Count, UniqueCount = (uint)order.Count });
                foreach (var s in order) writer.WriteElement(new SharedStringItem(new Text(s)));
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "会员", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
            workbook.Workbook.Save();
        }
        return buffer.ToArray();
    }

    public static byte[] Csv(IEnumerable<string?[]> rows, Encoding encoding, bool bom)
    {
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(string.Join(",", row.Select(Quote))).Append("\r\n");
        var bytes = encoding.GetBytes(text.ToString());
        return bom ? [.. encoding.GetPreamble(), .. bytes] : bytes;
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static MultipartFormDataContent Upload(long unionId, byte[] file, string fileName, string? contentType = null)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(unionId.ToString(CultureInfo.InvariantCulture)), "unionId" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? (fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        content.Add(part, "file", fileName);
        return content;
    }
}
