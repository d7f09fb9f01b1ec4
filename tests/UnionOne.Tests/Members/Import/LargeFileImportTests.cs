using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Members.Import;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members.Import;

/// <summary>A 5,000-row workbook with shared strings, as Excel writes it, through the importer service (no HTTP).</summary>
public sealed class LargeFileImportTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Five_thousand_rows_with_a_few_bad_ones_validate_and_commit_in_batches()
    {
        var arr = await app.ArrangeAsync();
        const int total = 5_000;
        var badRows = new HashSet<int> { 7, 999, 2_500, 4_001, 5_001 }; // spreadsheet row numbers (header is row 1)
        var rows = new List<object?[]> { ImportFiles.Header };
        var jobs = new[] { "企业职工", "外卖骑手", "快递员", "教师", "医护人员" };
        for (var r = 2; r <= total + 1; r++)
        {
            var p = ImportFiles.NextPerson();
            var phone = badRows.Contains(r) ? p.Phone[..10] : p.Phone;
            rows.Add(["王建国", p.Id, phone, jobs[r % jobs.Length], r % 2 == 0 ? "2024-03-01" : 45000d, r % 10 == 0 ? "工匠" : null, "台州某某缝制设备有限公司"]);
        }
        var file = ImportFiles.Xlsx(rows, sharedStrings: true);

        using var scope = app.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<MemberImporter>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = await importer.ValidateAsync(arr.Union, new MemoryStream(file), "5000.xlsx", arr.Staff);
        Console.WriteLine($"validate {clock.ElapsedMilliseconds} ms");

        summary.TotalRows.ShouldBe(total);
        summary.ErrorRows.ShouldBe(badRows.Count);
        summary.ValidRows.ShouldBe(total - badRows.Count);
        await using var conn = await app.OpenAsync();
        (await conn.QueryAsync<int>("select row_no from members.import_errors where import_id = @ImportId order by row_no", summary))
            .ShouldBe(badRows.Order());
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(0);

        var result = await importer.CommitAsync(summary.ImportId, arr.Staff);

        result.ShouldBe(new ImportCommitResult(total - badRows.Count, 0));
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arr)).ShouldBe(total - badRows.Count);
        var craftsmen = Enumerable.Range(2, total).Count(r => r % 10 == 0 && !badRows.Contains(r));
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union and '工匠' = any(tags)", arr)).ShouldBe(craftsmen);
    }
}
