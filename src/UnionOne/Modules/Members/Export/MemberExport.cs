using UnionOne.Platform.Problems;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Members.Search;
using UnionOne.Platform.Spreadsheets;

namespace UnionOne.Modules.Members.Export;

/// <summary>
/// Exports the member list (same filters as the list) to .xlsx with masked ID numbers and phones. Rows stream from
/// PostgreSQL into an OpenXmlWriter over a temporary file (memory stays flat for any size); the audit entry, with the
/// filter and the row count, is written before the file is sent.
/// </summary>
internal sealed class MemberExport(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    MemberSecrets secrets,
    MemberSearch search,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<MembersText> l)
{
    private static readonly string[] Headers = ["会员号", "姓名", "性别", "身份证号", "手机号", "所属工会", "职业类型", "会籍状态", "标签", "入会日期", "工作单位", "周转库"];
    private static readonly double[] Widths = [16, 12, 6, 22, 15, 30, 14, 10, 24, 12, 30, 8];

    public sealed record ExportFile(Stream Content, string FileName, int Rows);

    public async Task<ExportFile> ExportAsync(MemberQuery query, CancellationToken ct)
    {
        var filter = query.ToFilter(secrets, l);
        var staff = await gate.ScopeAsync(ct);
        if (query.UnionId is null && staff.RootsFor(Permission.Export).Count == 0) throw new ForbiddenException(l["您的角色无权导出会员名单"]);
        var scope = await gate.SubtreeAsync(Permission.Export, query.UnionId, ct);

        var path = Path.Combine(Path.GetTempPath(), $"unionone-export-{Guid.NewGuid():N}.xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var rows = 0;
            using (var sheet = new XlsxSheetWriter(file, l["会员名单"].Value, Widths))
            {
                sheet.WriteRow(Headers.Select(h => (string)l[h]));
                if (scope.All || scope.UnionIds.Count > 0)
                {
                    var (sql, args) = MemberSearchSql.Build(filter, scope, 0, null);
                    await using var conn = await dataSource.OpenConnectionAsync(ct);
                    await foreach (var row in conn.QueryUnbufferedAsync<MemberRow>(sql, args).WithCancellation(ct))
                    {
                        var m = await search.ToItemAsync(row, ct);
                        rows++;
                        sheet.WriteRow(
                        [
                            m.MemberNo, m.Name, m.Gender, m.IdNumberMasked, m.PhoneMasked, m.UnionName, m.JobTypeLabel, m.StatusLabel,
                            string.Join("、", m.Tags), m.JoinedOn, m.EmployerName ?? "", m.InHoldingPool ? l["是"] : "",
                        ]);
                    }
                }
                sheet.Complete();
            }

            await audit.WriteAsync(new AuditEntry(AuditActions.ExportMembers, "member-list", null, query.UnionId, new { filter = query.AuditSummary(), rows }), ct: ct);
            file.Position = 0;
            var name = $"{l["会员名单"]}-{MemberFields.Today(clock).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.xlsx";
            return new ExportFile(file, name, rows);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
