using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Items;

/// <summary>An item as staff enter it. MonthLimit: how many one member may redeem per calendar month (null: no limit).</summary>
internal sealed record ItemRequest(string? Name, string? Description, long? Price, int? Stock, int? MonthLimit, bool? OnShelf);

internal sealed record ItemView(long Id, long UnionId, string UnionName, string Name, string? Description, long Price, int Stock, int? MonthLimit, bool OnShelf,
    int Redeemed, bool HasPicture, DateTime UpdatedAt)
{
    public string? PictureUrl => HasPicture ? $"/points/items/{Id}/picture?v={UpdatedAt.Ticks}" : null;
}

/// <summary>The items of a union's points supermarket (积分超市), managed by its staff (ManageMembers or ManageMoney).</summary>
internal sealed class ItemService(NpgsqlDataSource dataSource, PointsStaff staff, IAuditLog audit, ICurrentUser user,
    IStringLocalizer<PointsText> l)
{
    public const long MaxPrice = 1_000_000;
    public const int MaxStock = 1_000_000;
    public const int MaxMonthLimit = 100;
    public const int MaxPictureBytes = 1024 * 1024;
    public const string AuditCreated = "points.item-created";
    public const string AuditUpdated = "points.item-updated";

    internal const string Columns = """
        i.id, i.union_id as UnionId, i.name, i.description, i.price, i.stock, i.month_limit as MonthLimit, i.on_shelf as OnShelf, i.redeemed,
        exists (select 1 from points.item_pictures p where p.item_id = i.id) as HasPicture, i.updated_at as UpdatedAt
        """;

    public async Task<IReadOnlyList<ItemView>> ListAsync(long unionId, CancellationToken ct)
    {
        var union = await staff.RequireReadAsync(unionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from points.items i where i.union_id = @unionId order by i.on_shelf desc, i.price, i.id", new { unionId }, cancellationToken: ct));
        return rows.Select(r => r.ToView(union.Name)).ToList();
    }

    public async Task<ItemView> GetAsync(long id, CancellationToken ct)
    {
        var row = await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该商品"]);
        var union = await RequireItemUnionAsync(row.UnionId, ct);
        return row.ToView(union.Name);
    }

    public async Task<ItemView> CreateAsync(long unionId, ItemRequest request, CancellationToken ct)
    {
        var input = Validate(request, creating: true);
        var (_, union) = await staff.RequireAsync(unionId, PointsStaff.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into points.items (union_id, name, description, price, stock, month_limit, on_shelf, created_by)
            values (@unionId, @Name, @Description, @Price, @Stock, @MonthLimit, @OnShelf, @staff)
            returning id
            """, new { unionId, input.Name, input.Description, input.Price, input.Stock, input.MonthLimit, input.OnShelf, staff = user.StaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditCreated, "points-item", id.ToString(CultureInfo.InvariantCulture), union.Id,
            new { input.Name, input.Price, input.Stock, input.MonthLimit, input.OnShelf }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Changes an item. Stock is set to what staff counted (under the item's row lock, so a redemption in between is either
    /// before or after it, never half); taking it off the shelf stops redemptions at once. Reserved redemptions stay valid.
    /// </summary>
    public async Task<ItemView> UpdateAsync(long id, ItemRequest request, CancellationToken ct)
    {
        var input = Validate(request, creating: false);
        var row = await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该商品"]);
        await RequireItemUnionAsync(row.UnionId, PointsStaff.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update points.items set name = @Name, description = @Description, price = @Price, stock = @Stock, month_limit = @MonthLimit,
                on_shelf = @OnShelf, updated_at = now()
            where id = @id
            """, new { id, input.Name, input.Description, input.Price, input.Stock, input.MonthLimit, input.OnShelf }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditUpdated, "points-item", id.ToString(CultureInfo.InvariantCulture), row.UnionId,
            new { input.Name, input.Price, input.Stock, input.MonthLimit, input.OnShelf }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Puts the item on or off the shelf (上架/下架) without touching anything else.</summary>
    public async Task<ItemView> SetShelfAsync(long id, bool onShelf, CancellationToken ct)
    {
        var row = await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该商品"]);
        await RequireItemUnionAsync(row.UnionId, PointsStaff.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update points.items set on_shelf = @onShelf, updated_at = now() where id = @id", new { id, onShelf }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditUpdated, "points-item", id.ToString(CultureInfo.InvariantCulture), row.UnionId, new { onShelf }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<ItemView> SetPictureAsync(long id, byte[]? bytes, CancellationToken ct)
    {
        var row = await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该商品"]);
        await RequireItemUnionAsync(row.UnionId, PointsStaff.Manage, ct);
        if (bytes is null || bytes.Length == 0) throw new InputValidationException("file", l["请选择商品图片（JPG 或 PNG）"]);
        if (bytes.Length > MaxPictureBytes) throw new InputValidationException("file", l["图片不能超过1MB"]);
        var contentType = Sniff(bytes) ?? throw new InputValidationException("file", l["只能上传 JPG 或 PNG 格式的图片"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into points.item_pictures (item_id, content_type, bytes) values (@id, @contentType, @bytes)
            on conflict (item_id) do update set content_type = excluded.content_type, bytes = excluded.bytes, updated_at = now();
            update points.items set updated_at = now() where id = @id;
            """, new { id, contentType, bytes }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<(string ContentType, byte[] Bytes)?> PictureAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<(string, byte[])?>(new CommandDefinition(
            "select content_type, bytes from points.item_pictures where item_id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>"image/jpeg" or "image/png" from the first bytes; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return "image/jpeg";
        if (bytes.Length >= 8 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        return null;
    }

    private async Task<UnionSummary> RequireItemUnionAsync(long unionId, CancellationToken ct)
    {
        try
        {
            return await staff.RequireReadAsync(unionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该商品"]);
        }
    }

    private async Task RequireItemUnionAsync(long unionId, Identity.Contracts.Permission[] any, CancellationToken ct)
    {
        await RequireItemUnionAsync(unionId, ct);
        await staff.RequireAsync(unionId, any, ct);
    }

    internal async Task<Row?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"select {Columns} from points.items i where i.id = @id", new { id }, cancellationToken: ct));
    }

    private sealed record Input(string Name, string? Description, long Price, int Stock, int? MonthLimit, bool OnShelf);

    private Input Validate(ItemRequest r, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (r.Name ?? "").Trim();
        if (name.Length is < 1 or > 30) errors["name"] = [l["请填写商品名称（30字以内）"]];
        var description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim();
        if (description is { Length: > 200 }) errors["description"] = [l["商品说明不超过200字"]];
        if (r.Price is not { } price || price < 1 || price > MaxPrice) errors["price"] = [l["兑换所需积分须为1至{0}的整数", MaxPrice]];
        var minStock = creating ? 1 : 0;
        if (r.Stock is not { } stock || stock < minStock || stock > MaxStock)
            errors["stock"] = [creating ? l["库存须为1至{0}件", MaxStock] : l["库存须为0至{0}件", MaxStock]];
        if (r.MonthLimit is { } limit && (limit < 1 || limit > MaxMonthLimit)) errors["monthLimit"] = [l["每人每月限兑须为1至{0}件，不限请留空", MaxMonthLimit]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        return new Input(name, description, r.Price!.Value, r.Stock!.Value, r.MonthLimit, r.OnShelf ?? true);
    }

    internal sealed record Row(long Id, long UnionId, string Name, string? Description, long Price, int Stock, int? MonthLimit, bool OnShelf, int Redeemed,
        bool HasPicture, DateTime UpdatedAt)
    {
        public ItemView ToView(string unionName) => new(Id, UnionId, unionName, Name, Description, Price, Stock, MonthLimit, OnShelf, Redeemed, HasPicture, UpdatedAt);
    }
}
