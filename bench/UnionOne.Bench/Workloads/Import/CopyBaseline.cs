using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Organisations.Admin;
using UnionOne.Modules.Organisations.Tree;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// The bulk-write ceiling: a raw binary COPY of the same rows into members.members (same columns, same indexes, same
/// table size) for a scratch union. The encryption and look-up hashes are computed BEFORE the clock starts, so the
/// figure is the database's alone: the timed part is COPY ... FROM STDIN (FORMAT BINARY) of every row and its commit.
/// </summary>
internal static class CopyBaseline
{
    public sealed record Outcome(int Rows, double Seconds, long UnionId)
    {
        public double RowsPerSecond => Rows / Seconds;
    }

    private sealed record MemberRecord(
        string Name, byte[] IdEnc, byte[] IdHash, byte[] SuffixHash, string Gender, DateOnly BirthDate,
        byte[] PhoneEnc, byte[] PhoneHash, short JobType, DateOnly JoinedOn, string[] Tags, string? Employer);

    public static async Task<Outcome> RunAsync(BenchContext context, ImportDataset dataset, CancellationToken ct)
    {
        var records = dataset.ReadRows().Select(r => Prepare(context.Cipher, r)).ToList();
        var texts = new Microsoft.Extensions.Localization.StringLocalizer<UnionOne.Modules.Organisations.OrganisationsText>(
            new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        var admin = new OrganisationAdmin(context.Db, new OrganisationDirectory(context.Db, TimeProvider.System), context.Cipher, texts);
        var unionId = await ScratchUnions.CreateAsync(admin, context.Db, "COPY基线", records.Count, ct);

        await using var conn = await context.Db.OpenConnectionAsync(ct);
        // Warm-up (JIT, type handlers) into a temporary copy of the table without indexes, then the timed COPY.
        await using (var temp = new NpgsqlCommand("create temp table copy_warmup (like members.members including defaults including identity)", conn))
        {
            await temp.ExecuteNonQueryAsync(ct);
        }
        await CopyAsync(conn, "pg_temp.copy_warmup", unionId, records.Take(2_000), ct);
        await using (var drop = new NpgsqlCommand("drop table pg_temp.copy_warmup", conn))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        await CopyAsync(conn, "members.members", unionId, records, ct);
        clock.Stop();
        return new Outcome(records.Count, clock.Elapsed.TotalSeconds, unionId);
    }

    private static async Task CopyAsync(NpgsqlConnection conn, string table, long unionId, IEnumerable<MemberRecord> records, CancellationToken ct)
    {
        // Synchronous writes into the importer's buffer (flushed as it fills): the cheapest way to feed COPY.
        await using var copy = await conn.BeginBinaryImportAsync($"""
            copy {table} (union_id, name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date,
                          phone_enc, phone_hash, job_type, joined_on, tags, employer_name)
            from stdin (format binary)
            """, ct);
        foreach (var m in records)
        {
            copy.StartRow();
            copy.Write(unionId, NpgsqlDbType.Bigint);
            copy.Write(m.Name, NpgsqlDbType.Text);
            copy.Write(m.IdEnc, NpgsqlDbType.Bytea);
            copy.Write(m.IdHash, NpgsqlDbType.Bytea);
            copy.Write(m.SuffixHash, NpgsqlDbType.Bytea);
            copy.Write(m.Gender, NpgsqlDbType.Char);
            copy.Write(m.BirthDate, NpgsqlDbType.Date);
            copy.Write(m.PhoneEnc, NpgsqlDbType.Bytea);
            copy.Write(m.PhoneHash, NpgsqlDbType.Bytea);
            copy.Write(m.JobType, NpgsqlDbType.Smallint);
            copy.Write(m.JoinedOn, NpgsqlDbType.Date);
            copy.Write(m.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text);
            if (m.Employer is null) copy.WriteNull();
            else copy.Write(m.Employer, NpgsqlDbType.Text);
        }
        await copy.CompleteAsync(ct);
    }

    private static MemberRecord Prepare(IPersonalDataCipher cipher, ImportRow row)
    {
        var id = ResidentIdNumber.TryParse(row.IdNumber, out var error) ?? throw new InvalidOperationException($"generated ID number is invalid: {error}");
        var jobType = ImportRow.JobTypes.First(j => j.Label == row.JobType).Type;
        return new MemberRecord(
            row.Name,
            cipher.Encrypt(PersonalDataPurposes.IdNumber, id.Value),
            cipher.LookupHash(PersonalDataPurposes.IdNumber, id.Value),
            cipher.LookupHash(PersonalDataPurposes.IdSuffix, id.Suffix),
            id.Gender.ToString(),
            id.BirthDate,
            cipher.Encrypt(PersonalDataPurposes.Phone, row.Phone),
            cipher.LookupHash(PersonalDataPurposes.Phone, row.Phone),
            (short)jobType,
            DateOnly.ParseExact(row.JoinedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            row.Tags.Split(['、', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            row.Employer.Length == 0 ? null : row.Employer);
    }
}
