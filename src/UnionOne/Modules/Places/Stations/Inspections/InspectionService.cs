using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Inspections;

/// <summary>One inspection with its photos, for the history.</summary>
internal sealed record InspectionView(
    long Id, long PlaceId, DateOnly Month, short Round, DateOnly InspectedOn, string InspectorName,
    bool HasSign, bool HasLayout, bool HasFacilities, bool HasFunctions, bool HasRules, bool OnMap, bool Clean, bool OpenAsPosted,
    short Score, string? Issues, DateOnly? RectifyBy, DateTime? RectifiedAt, string? RectifiedByName, string? RectificationNote, long[] PhotoIds)
{
    public bool[] ChecklistValues => [HasSign, HasLayout, HasFacilities, HasFunctions, HasRules, OnMap, Clean, OpenAsPosted];

    public bool RectificationOpen => Issues is not null && RectifiedAt is null;

    public bool Overdue(DateOnly today) => RectificationOpen && RectifyBy < today;
}

internal sealed record InspectionPhoto(long Id, long InspectionId, long PlaceId, string ContentType, byte[] Bytes);

/// <summary>
/// Monthly inspections (月度检查): one per station per month; a re-inspection of the same month only after the previous
/// round's rectification was closed (整改完成). The inspection and its photos are written in one transaction, so bad input
/// or a broken rule leaves nothing behind; two inspectors submitting at once get one inspection (unique month + round).
/// </summary>
internal sealed class InspectionService(
    NpgsqlDataSource dataSource, StationClock clock, IOptions<StationOptions> options, IAuditLog audit, IStringLocalizer<StationsText> l)
{
    public const string AuditInspected = "station.inspected";
    public const string AuditRectified = "station.rectification-closed";

    public async Task<long> CreateAsync(PlaceRef place, StaffScope inspector, InspectionInput input, IReadOnlyList<PhotoUpload> photos, CancellationToken ct)
    {
        var o = options.Value;
        var today = clock.Today;
        var errors = InspectionRules.Validate(input, today, o, l);
        var (types, photoError) = InspectionRules.CheckPhotos(photos, o.MaxPhotosPerInspection, o, l);
        if (photoError is not null) errors["photos"] = [photoError];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        if (place.Status == PlaceStatus.Closed) throw new BusinessRuleException(l["该驿站已摘牌，不再检查"]);

        var inspectedOn = input.InspectedOn ?? today;
        var month = StationClock.MonthOf(inspectedOn);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var previous = await conn.QueryFirstOrDefaultAsync<(short Round, bool HasIssues, bool Rectified)?>(new CommandDefinition("""
            select round, issues is not null, rectified_at is not null from places.station_inspections
            where place_id = @placeId and month = @month::date order by round desc limit 1
            """, new { placeId = place.Id, month = DbDate.Of(month) }, tx, cancellationToken: ct));
        if (previous is { } p)
        {
            if (!p.HasIssues) throw new BusinessRuleException(l["该驿站{0}已检查，每月检查一次", MonthText(month)]);
            if (!p.Rectified) throw new BusinessRuleException(l["该驿站{0}检查发现的问题尚未整改完成，整改完成后才能复查", MonthText(month)]);
        }

        long id;
        try
        {
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into places.station_inspections (place_id, month, round, inspected_on, inspector_staff_id, inspector_name,
                    has_sign, has_layout, has_facilities, has_functions, has_rules, on_map, clean, open_as_posted, score, issues, rectify_by)
                values (@placeId, @month::date, @round, @inspectedOn::date, @staffId, @staffName,
                    @HasSign, @HasLayout, @HasFacilities, @HasFunctions, @HasRules, @OnMap, @Clean, @OpenAsPosted, @Score, @issues, @RectifyBy::date)
                returning id
                """, new
            {
                placeId = place.Id,
                month = DbDate.Of(month),
                round = (short)((previous?.Round ?? 0) + 1),
                inspectedOn = DbDate.Of(inspectedOn),
                staffId = inspector.StaffId,
                staffName = inspector.DisplayName,
                input.HasSign,
                input.HasLayout,
                input.HasFacilities,
                input.HasFunctions,
                input.HasRules,
                input.OnMap,
                input.Clean,
                input.OpenAsPosted,
                Score = (short)input.Score!.Value,
                issues = InspectionRules.Normalise(input.Issues),
                RectifyBy = DbDate.Of(input.RectifyBy),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["该驿站{0}已检查，每月检查一次", MonthText(month)]);
        }
        await InsertPhotosAsync(conn, tx, id, photos, types, ct);
        await audit.WriteAsync(new AuditEntry(AuditInspected, "place", Str(place.Id), place.UnionId,
            new { inspection = id, month = month.ToString("yyyy-MM", CultureInfo.InvariantCulture), input.Score, issues = input.Issues is not null }), tx, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<int> AddPhotosAsync(long inspectionId, IReadOnlyList<PhotoUpload> photos, CancellationToken ct)
    {
        var o = options.Value;
        if (photos.Count == 0) throw new InputValidationException("photos", l["请选择要上传的照片"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Lock the inspection so two uploads at once cannot pass the limit together.
        await conn.ExecuteAsync(new CommandDefinition("select 1 from places.station_inspections where id = @inspectionId for update",
            new { inspectionId }, tx, cancellationToken: ct));
        var existing = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from places.station_inspection_photos where inspection_id = @inspectionId", new { inspectionId }, tx, cancellationToken: ct));
        var (types, error) = InspectionRules.CheckPhotos(photos, Math.Max(0, o.MaxPhotosPerInspection - existing), o, l);
        if (error is not null) throw new InputValidationException("photos", error);
        await InsertPhotosAsync(conn, tx, inspectionId, photos, types, ct);
        await tx.CommitAsync(ct);
        return existing + photos.Count;
    }

    /// <summary>Closes the rectification (整改完成) of an inspection that found issues.</summary>
    public async Task CloseRectificationAsync(long inspectionId, long placeUnionId, StaffScope staff, string? note, CancellationToken ct)
    {
        var text = InspectionRules.Normalise(note);
        if (text is null || text.Length > InspectionRules.MaxNoteLength)
            throw new InputValidationException("note", l["请填写整改完成情况（不超过{0}字）", InspectionRules.MaxNoteLength]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QueryFirstOrDefaultAsync<(long PlaceId, bool HasIssues, bool Rectified)?>(new CommandDefinition(
            "select place_id, issues is not null, rectified_at is not null from places.station_inspections where id = @inspectionId for update",
            new { inspectionId }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该次检查"]);
        if (!row.HasIssues) throw new BusinessRuleException(l["该次检查未发现问题，无需整改"]);
        if (row.Rectified) throw new BusinessRuleException(l["该次检查的整改已完成"]);
        await conn.ExecuteAsync(new CommandDefinition("""
            update places.station_inspections set rectified_at = now(), rectified_by = @staffId, rectified_by_name = @name, rectification_note = @text
            where id = @inspectionId
            """, new { inspectionId, staffId = staff.StaffId, name = staff.DisplayName, text }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditRectified, "place", Str(row.PlaceId), placeUnionId, new { inspection = inspectionId }), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The place an inspection belongs to, or null.</summary>
    public async Task<long?> PlaceOfAsync(long inspectionId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select place_id from places.station_inspections where id = @inspectionId", new { inspectionId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<InspectionView>> ListAsync(long placeId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<InspectionRow>(new CommandDefinition("""
            select i.id, i.place_id as PlaceId, i.month, i.round, i.inspected_on as InspectedOn, i.inspector_name as InspectorName,
                   i.has_sign as HasSign, i.has_layout as HasLayout, i.has_facilities as HasFacilities, i.has_functions as HasFunctions,
                   i.has_rules as HasRules, i.on_map as OnMap, i.clean, i.open_as_posted as OpenAsPosted,
                   i.score, i.issues, i.rectify_by as RectifyBy, i.rectified_at as RectifiedAt, i.rectified_by_name as RectifiedByName,
                   i.rectification_note as RectificationNote
            from places.station_inspections i
            where i.place_id = @placeId
            order by i.month desc, i.round desc
            """, new { placeId }, cancellationToken: ct))).AsList();
        var photos = (await conn.QueryAsync<(long InspectionId, long Id)>(new CommandDefinition("""
            select p.inspection_id, p.id from places.station_inspection_photos p
            join places.station_inspections i on i.id = p.inspection_id
            where i.place_id = @placeId order by p.id
            """, new { placeId }, cancellationToken: ct))).ToLookup(p => p.InspectionId, p => p.Id);
        return rows.Select(r => new InspectionView(r.Id, r.PlaceId, r.Month, r.Round, r.InspectedOn, r.InspectorName,
            r.HasSign, r.HasLayout, r.HasFacilities, r.HasFunctions, r.HasRules, r.OnMap, r.Clean, r.OpenAsPosted,
            r.Score, r.Issues, r.RectifyBy, r.RectifiedAt, r.RectifiedByName, r.RectificationNote, photos[r.Id].ToArray())).ToList();
    }

    private sealed record InspectionRow(
        long Id, long PlaceId, DateOnly Month, short Round, DateOnly InspectedOn, string InspectorName,
        bool HasSign, bool HasLayout, bool HasFacilities, bool HasFunctions, bool HasRules, bool OnMap, bool Clean, bool OpenAsPosted,
        short Score, string? Issues, DateOnly? RectifyBy, DateTime? RectifiedAt, string? RectifiedByName, string? RectificationNote);

    public async Task<InspectionPhoto?> PhotoAsync(long photoId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<InspectionPhoto>(new CommandDefinition("""
            select p.id, p.inspection_id as InspectionId, i.place_id as PlaceId, p.content_type as ContentType, p.bytes
            from places.station_inspection_photos p join places.station_inspections i on i.id = p.inspection_id
            where p.id = @photoId
            """, new { photoId }, cancellationToken: ct));
    }

    private static async Task InsertPhotosAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long inspectionId, IReadOnlyList<PhotoUpload> photos, string[] types, CancellationToken ct)
    {
        for (var i = 0; i < photos.Count; i++)
            await conn.ExecuteAsync(new CommandDefinition(
                "insert into places.station_inspection_photos (inspection_id, content_type, bytes) values (@inspectionId, @type, @bytes)",
                new { inspectionId, type = types[i], bytes = photos[i].Bytes }, tx, cancellationToken: ct));
    }

    private string MonthText(DateOnly month) => l["{0}年{1}月", month.Year, month.Month];

    private static string Str(long id) => id.ToString(CultureInfo.InvariantCulture);
}
