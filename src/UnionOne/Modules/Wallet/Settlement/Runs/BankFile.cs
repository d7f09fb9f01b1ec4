using System.Globalization;
using CsvHelper;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Money;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Wallet.Settlement.Runs;

/// <summary>
/// The file a union's bank imports to pay a settled run (批量代付): UTF-8 with BOM, one row per paid merchant with
/// 序号, 收款户名, 收款账号 (in full: only here), 开户行, 金额(元) (two decimals from integer fen), 用途/附言. Every download is audited.
/// </summary>
internal sealed class BankFile(NpgsqlDataSource dataSource, SettlementRuns runs, IPersonalDataCipher cipher, IAuditLog audit, IStringLocalizer<WalletText> l)
{
    public const string ExportAction = "wallet.settlement-export";
    public const string ContentType = "text/csv; charset=utf-8";
    public static readonly string[] Headers = ["序号", "收款户名", "收款账号", "开户行", "金额(元)", "用途/附言"];

    public sealed record File(byte[] Content, string FileName, int Rows, long Total);

    public async Task<File> CreateAsync(long runId, CancellationToken ct)
    {
        var (run, _, _) = await runs.RequireAsync(runId, Permission.Export, ct);
        if (run.Status != RunStatus.Settled) throw new BusinessRuleException(l["结算批次复核入账后才能下载银行代付文件"], "run-not-settled");
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var lines = (await conn.QueryAsync<(int Seq, string AccountName, string BankName, byte[] AccountNumber, long Amount)>(new CommandDefinition("""
            select seq, account_name, bank_name, account_number, amount from wallet.settlement_lines
            where run_id = @runId and state = 2 order by seq
            """, new { runId }, cancellationToken: ct))).ToList();
        var memo = SettlementMemo.For(run.Id, run.CutoffDay);

        using var buffer = new MemoryStream();
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, NewLine = "\r\n", Injection = CsvInjection.Escape };
        await using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteRecord(Headers);
            var row = 0;
            foreach (var line in lines)
            {
                csv.WriteRecord(
                [
                    (++row).ToString(CultureInfo.InvariantCulture),
                    line.AccountName,
                    cipher.Decrypt(PersonalDataPurposes.BankAccount, line.AccountNumber),
                    line.BankName,
                    Fen.Yuan(line.Amount),
                    memo,
                ]);
            }
        }
        var total = lines.Sum(x => x.Amount);
        await audit.WriteAsync(new AuditEntry(ExportAction, "settlement-run", run.Id.ToString(CultureInfo.InvariantCulture), run.UnionId,
            new { rows = lines.Count, total }), ct: ct);
        var name = string.Create(CultureInfo.InvariantCulture, $"工惠结算-批次{run.Id}-{run.CutoffDay:yyyyMMdd}.csv");
        return new File(buffer.ToArray(), name, lines.Count, total);
    }
}
