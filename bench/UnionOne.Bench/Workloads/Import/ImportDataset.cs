using System.Globalization;
using System.Text;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// The import input: an .xlsx (what the import service reads) and a .tsv of the same rows (what the COPY baseline
/// reads), generated once under bench/results/data/ and reused. Before use the rows are checked against the bench
/// database: an ID number or phone that a member already has would make the import skip rows and the COPY fail, so
/// such a file is replaced by one generated with the next seed.
/// </summary>
internal sealed record ImportDataset(string XlsxPath, string TsvPath, int Rows, int Seed)
{
    public const string Employer = "台州精工机械制造有限公司";

    public static async Task<ImportDataset> EnsureAsync(BenchContext context, int rows, CancellationToken ct)
    {
        Directory.CreateDirectory(BenchPaths.Data);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        for (var seed = 1; seed <= 5; seed++)
        {
            var baseName = Path.Combine(BenchPaths.Data, $"import-{rows}-s{seed}");
            var dataset = new ImportDataset(baseName + ".xlsx", baseName + ".tsv", rows, seed);
            if (!File.Exists(dataset.XlsxPath) || !File.Exists(dataset.TsvPath))
            {
                Log.Step($"import: generating {rows:#,0} rows into {Path.GetFileName(dataset.XlsxPath)} (once; kept in bench/results/data)");
                dataset.Generate(today);
            }
            var clashes = await dataset.ClashesAsync(context, ct);
            if (clashes == 0) return dataset;
            Log.Step($"import: {clashes} rows of seed {seed} clash with members already in the bench database; trying the next seed");
        }
        throw new InvalidOperationException("every generated import file clashes with members already in the bench database");
    }

    public IEnumerable<ImportRow> ReadRows() => File.ReadLines(TsvPath, Encoding.UTF8).Select(ImportRow.FromTsv);

    private void Generate(DateOnly today)
    {
        var rows = ImportRowGenerator.Generate(Rows, Seed, Employer, today).ToList();
        var tsvTemp = TsvPath + ".tmp";
        File.WriteAllLines(tsvTemp, rows.Select(r => r.ToTsv()), new UTF8Encoding(false));
        var xlsxTemp = XlsxPath + ".tmp";
        XlsxWriter.Write(xlsxTemp, rows);
        File.Move(tsvTemp, TsvPath, overwrite: true);
        File.Move(xlsxTemp, XlsxPath, overwrite: true);
    }

    /// <summary>Rows whose ID number or phone a member in the bench database already has.</summary>
    private async Task<long> ClashesAsync(BenchContext context, CancellationToken ct)
    {
        var cipher = context.Cipher;
        long clashes = 0;
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        foreach (var chunk in ReadRows().Chunk(10_000))
        {
            await using var cmd = new NpgsqlCommand(
                "select count(*) from members.members where id_number_hash = any(@ids) or phone_hash = any(@phones)", conn);
            cmd.Parameters.AddWithValue("ids", chunk.Select(r => cipher.LookupHash(PersonalDataPurposes.IdNumber, r.IdNumber)).ToArray());
            cmd.Parameters.AddWithValue("phones", chunk.Select(r => cipher.LookupHash(PersonalDataPurposes.Phone, r.Phone)).ToArray());
            clashes += Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        return clashes;
    }
}
