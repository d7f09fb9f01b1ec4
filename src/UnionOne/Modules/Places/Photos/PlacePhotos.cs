using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Places.Manage;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Photos;

/// <summary>An upload refused: not a JPEG/PNG, too large, or too many photos. TooLarge answers 413.</summary>
internal sealed class PhotoRejectedException(string message, bool tooLarge = false) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;
}

/// <summary>Photos of places: JPEG or PNG recognised by their first bytes (not by name or declared type), kept in PostgreSQL.</summary>
internal sealed class PlacePhotos(NpgsqlDataSource dataSource, PlaceAdmin admin, IAuditLog audit, ICurrentUser user, IOptions<PlacesOptions> options, IStringLocalizer<PlacesText> l)
{
    public const string AuditAdded = "place.photo-added";
    public const string AuditRemoved = "place.photo-removed";

    public PhotoOptions Limits => options.Value.Photos;

    /// <summary>"image/jpeg" or "image/png" from the magic bytes; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return "image/jpeg";
        if (bytes.Length >= 8 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        return null;
    }

    public PhotoRejectedException TooLarge() => new(l["照片不能超过{0}", Limits.MaxSizeText], tooLarge: true);

    /// <summary>Reads the file (at most the limit), checks it and stores it; returns the photo id.</summary>
    public async Task<long> AddAsync(long placeId, IFormFile? file, CancellationToken ct)
    {
        var place = await admin.RequirePlaceAsync(placeId, PlacePermissions.Manage, ct);
        if (file is null || file.Length == 0) throw new PhotoRejectedException(l["请选择要上传的照片（JPG 或 PNG）"]);
        if (file.Length > Limits.MaxBytes) throw TooLarge();
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        var contentType = Sniff(bytes) ?? throw new PhotoRejectedException(l["只能上传 JPG 或 PNG 格式的照片"]);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One upload at a time per place (the count below stays true until commit).
        await conn.ExecuteAsync(new CommandDefinition("select 1 from places.places where id = @placeId for update", new { placeId }, tx, cancellationToken: ct));
        var count = await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*)::int from places.place_photos where place_id = @placeId", new { placeId }, tx, cancellationToken: ct));
        if (count >= Limits.MaxPerPlace) throw new PhotoRejectedException(l["每个阵地最多上传{0}张照片", Limits.MaxPerPlace]);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into places.place_photos (place_id, content_type, bytes, uploaded_by) values (@placeId, @contentType, @bytes, @by) returning id
            """, new { placeId, contentType, bytes, by = user.StaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditAdded, "place", placeId.ToString(CultureInfo.InvariantCulture), place.UnionId, new { photoId = id, bytes = bytes.Length }), tx, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task RemoveAsync(long placeId, long photoId, CancellationToken ct)
    {
        var place = await admin.RequirePlaceAsync(placeId, PlacePermissions.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var removed = await conn.ExecuteAsync(new CommandDefinition("delete from places.place_photos where id = @photoId and place_id = @placeId",
            new { photoId, placeId }, tx, cancellationToken: ct));
        if (removed == 0) throw new NotFoundException(l["未找到该照片"]);
        await audit.WriteAsync(new AuditEntry(AuditRemoved, "place", placeId.ToString(CultureInfo.InvariantCulture), place.UnionId, new { photoId }), tx, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<(string ContentType, byte[] Bytes)?> GetAsync(long photoId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<(string, byte[])?>(new CommandDefinition(
            "select content_type, bytes from places.place_photos where id = @photoId", new { photoId }, cancellationToken: ct));
    }
}
