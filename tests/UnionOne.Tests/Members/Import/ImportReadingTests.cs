using System.Text;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Modules.Members.Import.Validation;

namespace UnionOne.Tests.Members.Import;

public sealed class ImportReadingTests
{
    [Theory]
    [InlineData("2024-03-01", false, "2024-03-01")]
    [InlineData("2024/3/1", false, "2024-03-01")]
    [InlineData("2024年3月1日", false, "2024-03-01")]
    [InlineData("2024-3-1 00:00:00", false, "2024-03-01")]
    [InlineData("45352", true, "2024-03-01")]
    [InlineData("45352.5", true, "2024-03-01")]
    [InlineData("45352", false, "2024-03-01")]
    [InlineData("2024-02-30", false, null)]
    [InlineData("03/01/2024", false, null)]
    [InlineData("昨天", false, null)]
    [InlineData("-3", true, null)]
    public void Dates_as_unions_write_them(string input, bool numeric, string? expected) =>
        ImportDates.TryParse(input, numeric)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);

    [Theory]
    [InlineData("姓名", "Name")]
    [InlineData(" 身份证号码 ", "IdNumber")]
    [InlineData("*手机号", "Phone")]
    [InlineData("职业类型（必填）", "JobType")]
    [InlineData("入会时间", "JoinedOn")]
    [InlineData("工作单位", "Employer")]
    [InlineData("备注", null)]
    [InlineData("", null)]
    public void Headers_are_matched_by_name(string header, string? expected) => ImportColumns.Match(header)?.ToString().ShouldBe(expected);

    [Theory]
    [InlineData("A1", 0)]
    [InlineData("G12", 6)]
    [InlineData("AA3", 26)]
    [InlineData("", -1)]
    [InlineData("12", -1)]
    public void Cell_references_give_column_positions(string reference, int expected) => XlsxRowSource.ColumnIndex(reference).ShouldBe(expected);

    [Fact]
    public void Csv_encoding_is_detected_from_BOM_or_validity()
    {
        var text = "姓名,身份证号\r\n王小明,110105199001011234\r\n";
        ImportFileSniffer.Detect(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]), out var bom).ShouldBe(ImportFileKind.Csv);
        bom!.WebName.ShouldBe("utf-8");
        ImportFileSniffer.Detect(new MemoryStream(Encoding.UTF8.GetBytes(text)), out var plain).ShouldBe(ImportFileKind.Csv);
        plain!.WebName.ShouldBe("utf-8");
        ImportFileSniffer.Detect(new MemoryStream(ImportFiles.Gb18030.GetBytes(text)), out var gb).ShouldBe(ImportFileKind.Csv);
        gb!.WebName.ShouldBe("GB18030", StringCompareShould.IgnoreCase);
        Should.Throw<ImportFileException>(() => ImportFileSniffer.Detect(new MemoryStream([0x00, 0x01, 0x02, 0xFF]), out _))
            .Message.ShouldBe("文件不是有效的 Excel（.xlsx）或 CSV 文件");
        Should.Throw<ImportFileException>(() => ImportFileSniffer.Detect(new MemoryStream([]), out _)).Message.ShouldBe("文件是空的");
    }
}
