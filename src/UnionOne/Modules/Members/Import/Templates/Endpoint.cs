namespace UnionOne.Modules.Members.Import.Templates;

/// <summary>Blank templates (no personal data): open to anyone, so page links work without a bearer token.</summary>
internal static class Endpoint
{
    private static readonly Lazy<byte[]> XlsxBytes = new(ImportTemplates.Xlsx);
    private static readonly Lazy<byte[]> CsvBytes = new(ImportTemplates.Csv);

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/template.xlsx", () => TypedResults.File(XlsxBytes.Value, ImportTemplates.XlsxContentType, "会员导入模板.xlsx"))
            .AllowAnonymous()
            .WithSummary("下载会员导入模板（Excel）");
        group.MapGet("/template.csv", () => TypedResults.File(CsvBytes.Value, "text/csv; charset=utf-8", "会员导入模板.csv"))
            .AllowAnonymous()
            .WithSummary("下载会员导入模板（CSV，UTF-8）");
    }
}
