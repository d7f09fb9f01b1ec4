using System.Net;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members.Import;

/// <summary>An app with small import limits, so the size and row limits can be crossed cheaply.</summary>
public sealed class SmallImportLimitsApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["MemberImport:MaxFileBytes"] = "20000",
        ["MemberImport:MaxRows"] = "10",
    };
}

public sealed class ImportLimitTests(SmallImportLimitsApp app) : IClassFixture<SmallImportLimitsApp>
{
    [Fact]
    public async Task A_file_over_the_size_limit_gets_413_with_a_Chinese_message_and_nothing_is_staged()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var rows = new List<string?[]> { ImportFiles.Header };
        for (var i = 0; i < 400; i++) rows.Add(["王建国", ImportFiles.NextPerson().Id, "13912345678", "企业职工", "2024-03-01", null, "台州某某缝制设备有限公司"]);
        var file = ImportFiles.Csv(rows, System.Text.Encoding.UTF8, bom: true);
        file.Length.ShouldBeGreaterThan(20_000);

        var response = await client.UploadAsync(arr.Union, file, "big.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请拆分后分批导入");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports")).ShouldBe(0);
    }

    [Fact]
    public async Task A_file_over_the_row_limit_is_refused_as_a_whole()
    {
        var arr = await app.ArrangeAsync();
        var client = await app.StaffApiAsync(arr.Staff);
        var rows = new List<string?[]> { ImportFiles.Header };
        for (var i = 0; i < 11; i++) rows.Add(["王建国", ImportFiles.NextPerson().Id, "13912345678", "企业职工", "2024-03-01", null, null]);

        var response = await client.UploadAsync(arr.Union, ImportFiles.Csv(rows, System.Text.Encoding.UTF8, bom: true), "rows.csv");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("文件超过10行数据");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.import_rows")).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.imports where union_id = @Union", arr)).ShouldBe(0);
    }
}
