using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Verify;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.MemberCode.Offline;

/// <summary>One offline answer as the gate uploads it (the fields of <see cref="OfflineAnswer"/>).</summary>
public sealed record OfflineScan(long AtMs, long? MemberId, long Nonce, bool Admitted, string? Result);

public sealed record OfflineUpload(IReadOnlyList<OfflineScan>? Scans);

public sealed record OfflineUploadResult(int Recorded, int Duplicates);

/// <summary>
/// Turns a gate's offline answers into access events of its place, at the times the gate made them. Each scan is
/// recorded once: the upload key (device, time, nonce, result) and the access event go in one batch, so a re-sent upload after
/// a dropped connection adds nothing.
/// </summary>
internal sealed class OfflineUploads(NpgsqlDataSource dataSource, IAccessEvents accessEvents, TimeProvider clock, IStringLocalizer<MemberCodeText> l)
{
    public const int MaxScans = 1000;
    private static readonly HashSet<string> Results = ["admitted", "forged", "expired", "revoked", "not_allowed_here", "already_used", "place_closed", "list_expired"];

    public async Task<OfflineUploadResult> RecordAsync(GateDevice device, OfflineUpload upload, CancellationToken ct)
    {
        var scans = upload.Scans ?? [];
        if (scans.Count == 0) throw new InputValidationException("scans", l["请提供离线核验记录"]);
        if (scans.Count > MaxScans) throw new InputValidationException("scans", l["每次最多上传{0}条记录", MaxScans]);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < scans.Count; i++)
        {
            var s = scans[i];
            if (s.AtMs > now + 60_000 || s.AtMs < now - (7L * 24 * 3600 * 1000))
                throw new InputValidationException($"scans[{i}].atMs", l["核验时间应在最近7天内"]);
            if (s.Result is null || !Results.Contains(s.Result) || (s.Result == "admitted") != s.Admitted)
                throw new InputValidationException($"scans[{i}].result", l["核验结果无法识别"]);
        }

        int recorded = 0, duplicates = 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        foreach (var s in scans)
        {
            await using var batch = new NpgsqlBatch(conn);
            var key = new NpgsqlBatchCommand("insert into member_code.offline_uploads (device_id, scanned_ms, nonce, result) values ($1, $2, $3, $4)");
            key.Parameters.Add(new NpgsqlParameter<long> { TypedValue = device.Id });
            key.Parameters.Add(new NpgsqlParameter<long> { TypedValue = s.AtMs });
            key.Parameters.Add(new NpgsqlParameter<long> { TypedValue = s.Nonce });
            key.Parameters.Add(new NpgsqlParameter<string> { TypedValue = s.Result! });
            batch.BatchCommands.Add(key);
            batch.BatchCommands.Add(accessEvents.RecordCommand(new AccessEvent(device.Place.Id, device.Id, s.MemberId, device.Direction, s.Admitted,
                s.Admitted ? null : s.Result, DateTimeOffset.FromUnixTimeMilliseconds(s.AtMs).UtcDateTime)));
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
                recorded++;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                duplicates++;
            }
        }
        return new OfflineUploadResult(recorded, duplicates);
    }

    public static OfflineScan From(OfflineAnswer answer) =>
        new(answer.AtMs, answer.MemberId, answer.Nonce, answer.Admitted, RefusalTexts.Result(answer.Refusal));
}
