using System.Text;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// The import input: an .xlsx (what the import service reads) and a .tsv of the same rows (what the COPY baseline
/// reads), generated once under bench/results/data/ and reused. Before each run the rows are checked against the bench
/// database: a row whose ID number or phone a member already has (the seeded members are random too) would be skipped
/// by the import and break the COPY, so such rows are replaced by fresh ones and both files rewritten.
/// </summary>
internal sealed record ImportDataset(string XlsxPath, string TsvPath, int Rows)
{
    public const string Employer = "台州精工机械制造有限公司";
    private const int Seed = 20261121;

    public static async Task<ImportDataset> EnsureAsync(BenchContext context, int rows, CancellationToken ct)
    {
        Directory.CreateDirectory(BenchPaths.Data);
        var baseName = Path.Combine(BenchPaths.Data, $"import-{rows}");
        var dataset = new ImportDataset(baseName + ".xlsx", baseName + ".tsv", rows);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        var fresh = !File.Exists(dataset.XlsxPath) || !File.Exists(dataset.TsvPath);
        List<ImportRow> list;
        ImportRowGenerator generator;
        if (fresh)
        {
            Log.Step($"import: generating {rows:#,0} rows into {Path.GetFileName(dataset.XlsxPath)} (once; kept in bench/results/data)");
            generator = new ImportRowGenerator(Seed, Employer, today);
            list = Enumerable.Range(0, rows).Select(_ => generator.Next()).ToList();
        }
        else
        {
            list = dataset.ReadRows().ToList();
            generator = new ImportRowGenerator(Seed + Environment.TickCount, Employer, today);
            foreach (var row in list) generator.Reserve(row);
        }

        var replaced = 0;
        for (var round = 0; round < 10; round++)
        {
            var clashing = await ClashingRowsAsync(context, list, ct);
            if (clashing.Count == 0) break;
            foreach (var i in clashing) list[i] = generator.Next();
            replaced += clashing.Count;
        }
        if (replaced > 0) Log.Step($"import: replaced {replaced} rows whose ID number or phone a member in the bench database already has");
        if (fresh || replaced > 0) dataset.Write(list);
        return dataset;
    }

    public IEnumerable<ImportRow> ReadRows() => File.ReadLines(TsvPath, Encoding.UTF8).Select(ImportRow.FromTsv);

    private void Write(List<ImportRow> rows)
    {
        var tsvTemp = TsvPath + ".tmp";
        File.WriteAllLines(tsvTemp, rows.Select(r => r.ToTsv()), new UTF8Encoding(false));
        var xlsxTemp = XlsxPath + ".tmp";
        XlsxWriter.Write(xlsxTemp, rows);
        File.Move(tsvTemp, TsvPath, overwrite: true);
        File.Move(xlsxTemp, XlsxPath, overwrite: true);
    }

    /// <summary>Indexes of rows whose ID number or phone a member in the bench database already has.</summary>
    private static async Task<HashSet<int>> ClashingRowsAsync(BenchContext context, List<ImportRow> rows, CancellationToken ct)
    {
        var cipher = context.Cipher;
        var byId = new Dictionary<string, int>();
        var byPhone = new Dictionary<string, int>();
        var clashing = new HashSet<int>();
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        for (var start = 0; start < rows.Count; start += 10_000)
        {
            byId.Clear();
            byPhone.Clear();
            for (var i = start; i < Math.Min(rows.Count, start + 10_000); i++)
            {
                byId[Convert.ToHexString(cipher.LookupHash(PersonalDataPurposes.IdNumber, rows[i].IdNumber))] = i;
                byPhone[Convert.ToHexString(cipher.LookupHash(PersonalDataPurposes.Phone, rows[i].Phone))] = i;
            }
            await using var cmd = new NpgsqlCommand(
                "select id_number_hash, phone_hash from members.members where id_number_hash = any(@ids) or phone_hash = any(@phones)", conn);
            cmd.Parameters.AddWithValue("ids", byId.Keys.Select(Convert.FromHexString).ToArray());
            cmd.Parameters.AddWithValue("phones", byPhone.Keys.Select(Convert.FromHexString).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (byId.TryGetValue(Convert.ToHexString(r.GetFieldValue<byte[]>(0)), out var i)) clashing.Add(i);
                if (byPhone.TryGetValue(Convert.ToHexString(r.GetFieldValue<byte[]>(1)), out var j)) clashing.Add(j);
            }
        }
        return clashing;
    }
}
