using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Libraries.Places;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Libraries.Catalogue;

/// <summary>Opens libraries for lending and keeps their catalogue: titles by ISBN and their copies (barcodes).</summary>
internal sealed partial class CatalogueService(
    NpgsqlDataSource dataSource,
    ILibraryPlaces places,
    LibraryAccess access,
    IStaffAccess staff,
    IStringLocalizer<LibrariesText> l)
{
    public const int MaxCopiesPerRequest = 100;

    /// <summary>Opens lending at a place of kind 职工书屋 (idempotent).</summary>
    public async Task<LibraryView> OpenAsync(long placeId, CancellationToken ct)
    {
        var place = await places.FindAsync(placeId, ct) ?? throw new NotFoundException(l["未找到该职工书屋"]);
        await access.RequireUnionAsync(Permission.ManagePlaces, place, ct);
        if (!place.IsLibrary) throw new BusinessRuleException(l["该场所不是职工书屋，不能开通借阅"]);
        if (place.Closed) throw new BusinessRuleException(l["该职工书屋已停止开放，不能开通借阅"]);
        var scope = await staff.CurrentAsync(ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into libraries.libraries (place_id, opened_by) values (@placeId, @by) on conflict (place_id) do nothing",
            new { placeId, by = scope?.StaffId }, cancellationToken: ct));
        return (await SummariesAsync(conn, [place], ct))[0];
    }

    /// <summary>Opened libraries the current staff member may see.</summary>
    public async Task<IReadOnlyList<LibraryView>> ListForStaffAsync(CancellationToken ct)
    {
        var visible = new List<LibraryPlace>();
        foreach (var place in await AllPlacesAsync(ct))
            if (await access.CanAsync(Permission.Read, place, ct)) visible.Add(place);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SummariesAsync(conn, visible, ct);
    }

    /// <summary>Every opened library (members may borrow and return at any of them).</summary>
    public async Task<IReadOnlyList<LibraryPlace>> AllPlacesAsync(CancellationToken ct)
    {
        long[] ids;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            ids = (await conn.QueryAsync<long>(new CommandDefinition("select place_id from libraries.libraries order by place_id", cancellationToken: ct))).ToArray();
        var result = new List<LibraryPlace>(ids.Length);
        foreach (var id in ids)
            if (await places.FindAsync(id, ct) is { } place) result.Add(place);
        return result;
    }

    public async Task<AddedTitle> AddTitleAsync(long placeId, TitleInput input, CancellationToken ct)
    {
        await access.RequireAsync(Permission.ManagePlaces, placeId, ct);
        var errors = new Dictionary<string, string[]>();
        var isbn = Isbn.TryNormalize(input.Isbn, out var problem);
        if (problem is not null) errors["isbn"] = [l[problem.Message, problem.Arguments]];
        var title = (input.Title ?? "").Trim();
        var author = (input.Author ?? "").Trim();
        var publisher = (input.Publisher ?? "").Trim();
        if (title.Length == 0) errors["title"] = [l["请填写书名"]];
        else if (title.Length > 200) errors["title"] = [l["书名不能超过200个字"]];
        if (author.Length > 100) errors["author"] = [l["作者不能超过100个字"]];
        if (publisher.Length > 100) errors["publisher"] = [l["出版社不能超过100个字"]];
        var barcodes = CheckCopies(input.Copies, input.Barcodes, errors, allowNone: true);
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Same ISBN again at the same library: the copies join the existing title (its description is kept).
        var titleId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into libraries.titles (library_place_id, isbn13, title, author, publisher)
            values (@placeId, @isbn, @title, @author, @publisher)
            on conflict (library_place_id, isbn13) do update set isbn13 = excluded.isbn13
            returning id
            """, new { placeId, isbn, title, author, publisher }, tx, cancellationToken: ct));
        var added = await InsertCopiesAsync(conn, tx, placeId, titleId, input.Copies, barcodes, ct);
        await tx.CommitAsync(ct);
        return new AddedTitle(await TitleAsync(conn, placeId, titleId, ct), added);
    }

    public async Task<IReadOnlyList<string>> AddCopiesAsync(long placeId, long titleId, CopiesInput input, CancellationToken ct)
    {
        await access.RequireAsync(Permission.ManagePlaces, placeId, ct);
        var errors = new Dictionary<string, string[]>();
        var barcodes = CheckCopies(input.Count, input.Barcodes, errors, allowNone: false);
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from libraries.titles where id = @titleId and library_place_id = @placeId)", new { titleId, placeId }, tx, cancellationToken: ct));
        if (!exists) throw new NotFoundException(l["未找到该书目"]);
        var added = await InsertCopiesAsync(conn, tx, placeId, titleId, input.Count, barcodes, ct);
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<TitleView>> TitlesAsync(long placeId, string? query, CancellationToken ct)
    {
        await access.RequireAsync(Permission.Read, placeId, ct);
        var (pattern, isbn) = SearchTerms(query);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<TitleView>(new CommandDefinition($"""
            {TitleSelect}
            where t.library_place_id = @placeId
              and (@pattern::text is null or t.title ilike @pattern or t.author ilike @pattern or t.isbn13 = @isbn)
            group by t.id
            order by t.title, t.id
            limit 500
            """, new { placeId, pattern, isbn }, cancellationToken: ct))).ToList();
    }

    /// <summary>Copies standing at the library now, or every copy of one of its titles wherever it stands.</summary>
    public async Task<IReadOnlyList<CopyView>> CopiesAsync(long placeId, long? titleId, CancellationToken ct)
    {
        await access.RequireAsync(Permission.Read, placeId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<CopyRow>(new CommandDefinition("""
            select c.id, c.title_id as TitleId, c.barcode, t.title, t.isbn13 as Isbn, t.library_place_id as HomePlaceId,
                   c.location_place_id as LocationPlaceId, (ln.id is not null) as OnLoan, ln.due_on as DueOn, (c.withdrawn_at is not null) as Withdrawn
            from libraries.copies c
            join libraries.titles t on t.id = c.title_id
            left join libraries.loans ln on ln.copy_id = c.id and ln.returned_at is null
            where (@titleId::bigint is null and c.location_place_id = @placeId)
               or (c.title_id = @titleId and t.library_place_id = @placeId)
            order by t.title, c.barcode
            limit 2000
            """, new { placeId, titleId }, cancellationToken: ct))).ToList();
        var names = await NamesAsync(rows.Select(r => r.LocationPlaceId), ct);
        return rows.Select(r => new CopyView(r.Id, r.TitleId, r.Barcode, r.Title, r.Isbn, r.HomePlaceId, r.LocationPlaceId,
            names.GetValueOrDefault(r.LocationPlaceId, ""), r.OnLoan, r.DueOn, r.Withdrawn)).ToList();
    }

    /// <summary>The catalogue of every library, for members: by title, author or ISBN; where copies stand and how many are free.</summary>
    public async Task<IReadOnlyList<CatalogueHit>> SearchAsync(string? query, CancellationToken ct)
    {
        var (pattern, isbn) = SearchTerms(query);
        if (pattern is null) return [];
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<HitRow>(new CommandDefinition("""
            select t.isbn13 as Isbn, min(t.title) as Title, min(t.author) as Author, min(t.publisher) as Publisher,
                   c.location_place_id as LibraryPlaceId, count(*)::int as Copies,
                   count(*) filter (where not exists (select 1 from libraries.loans ln where ln.copy_id = c.id and ln.returned_at is null))::int as Available
            from libraries.titles t
            join libraries.copies c on c.title_id = t.id and c.withdrawn_at is null
            where t.title ilike @pattern or t.author ilike @pattern or t.isbn13 = @isbn
            group by t.isbn13, c.location_place_id
            order by min(t.title), t.isbn13, Available desc
            limit 200
            """, new { pattern, isbn }, cancellationToken: ct))).ToList();
        var names = await NamesAsync(rows.Select(r => r.LibraryPlaceId), ct);
        return rows.Select(r => new CatalogueHit(r.Isbn, r.Title, r.Author, r.Publisher, r.LibraryPlaceId, names.GetValueOrDefault(r.LibraryPlaceId, ""), r.Copies, r.Available)).ToList();
    }

    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(IEnumerable<long> placeIds, CancellationToken ct)
    {
        var names = new Dictionary<long, string>();
        foreach (var id in placeIds.Distinct())
            if (await places.FindAsync(id, ct) is { } place) names[id] = place.Name;
        return names;
    }

    private const string TitleSelect = """
        select t.id, t.library_place_id as LibraryPlaceId, t.isbn13 as Isbn, t.title, t.author, t.publisher,
               count(c.id) filter (where c.withdrawn_at is null)::int as Copies,
               count(c.id) filter (where c.withdrawn_at is null and c.location_place_id = t.library_place_id
                   and not exists (select 1 from libraries.loans ln where ln.copy_id = c.id and ln.returned_at is null))::int as Available
        from libraries.titles t
        left join libraries.copies c on c.title_id = t.id
        """;

    private static async Task<TitleView> TitleAsync(NpgsqlConnection conn, long placeId, long titleId, CancellationToken ct) =>
        await conn.QuerySingleAsync<TitleView>(new CommandDefinition($"{TitleSelect} where t.id = @titleId and t.library_place_id = @placeId group by t.id",
            new { titleId, placeId }, cancellationToken: ct));

    private static (string? Pattern, string? Isbn) SearchTerms(string? query)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0) return (null, null);
        if (q.Length > 100) q = q[..100];
        var isbn = Isbn.TryNormalize(q, out _);
        var escaped = q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        return ("%" + escaped + "%", isbn);
    }

    private string[] CheckCopies(int count, string[]? given, Dictionary<string, string[]> errors, bool allowNone)
    {
        var barcodes = (given ?? []).Select(b => (b ?? "").Trim()).Where(b => b.Length > 0).ToArray();
        if (barcodes.Length > 0)
        {
            if (barcodes.Length > MaxCopiesPerRequest) errors["barcodes"] = [l["一次最多登记{0}册", MaxCopiesPerRequest]];
            else if (barcodes.FirstOrDefault(b => !BarcodePattern().IsMatch(b)) is { } bad) errors["barcodes"] = [l["条码“{0}”格式不正确：应为3到32位字母、数字或连字符", bad]];
            else if (barcodes.Distinct(StringComparer.Ordinal).Count() != barcodes.Length) errors["barcodes"] = [l["条码有重复"]];
            return barcodes;
        }
        if (count < (allowNone ? 0 : 1) || count > MaxCopiesPerRequest)
            errors[allowNone ? "copies" : "count"] = [l["册数应在{0}到{1}之间", allowNone ? 0 : 1, MaxCopiesPerRequest]];
        return [];
    }

    private async Task<IReadOnlyList<string>> InsertCopiesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long placeId, long titleId, int count, string[] barcodes, CancellationToken ct)
    {
        if (barcodes.Length == 0 && count > 0)
        {
            // Numbers are taken from the library's own counter: L{place}-000001, L{place}-000002, ...
            var first = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "update libraries.libraries set next_copy_no = next_copy_no + @count where place_id = @placeId returning next_copy_no - @count",
                new { count, placeId }, tx, cancellationToken: ct));
            barcodes = Enumerable.Range(first, count).Select(n => $"L{placeId}-{n:D6}").ToArray();
        }
        if (barcodes.Length == 0) return [];
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into libraries.copies (title_id, barcode, location_place_id)
                select @titleId, b, @placeId from unnest(@barcodes) as b
                """, new { titleId, placeId, barcodes }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            var taken = await TakenAsync(barcodes, ct);
            throw new InputValidationException("barcodes", l["条码已被使用：{0}", string.Join("、", taken)]);
        }
        return barcodes;
    }

    private async Task<string[]> TakenAsync(string[] barcodes, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("select barcode from libraries.copies where barcode = any(@barcodes) order by barcode",
            new { barcodes }, cancellationToken: ct))).ToArray();
    }

    private async Task<IReadOnlyList<LibraryView>> SummariesAsync(NpgsqlConnection conn, IReadOnlyList<LibraryPlace> libraries, CancellationToken ct)
    {
        var ids = libraries.Select(p => p.Id).ToArray();
        var counts = (await conn.QueryAsync<(long PlaceId, int Titles, int Copies, int OnLoan)>(new CommandDefinition("""
            select lib.place_id,
                   (select count(*)::int from libraries.titles t where t.library_place_id = lib.place_id),
                   (select count(*)::int from libraries.copies c where c.location_place_id = lib.place_id and c.withdrawn_at is null),
                   (select count(*)::int from libraries.loans ln join libraries.copies c on c.id = ln.copy_id join libraries.titles t on t.id = c.title_id
                     where t.library_place_id = lib.place_id and ln.returned_at is null)
            from libraries.libraries lib where lib.place_id = any(@ids)
            """, new { ids }, cancellationToken: ct))).ToDictionary(r => r.PlaceId);
        return libraries.Select(p => counts.TryGetValue(p.Id, out var c)
            ? new LibraryView(p.Id, p.UnionId, p.Name, c.Titles, c.Copies, c.OnLoan)
            : new LibraryView(p.Id, p.UnionId, p.Name, 0, 0, 0)).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9-]{3,32}$")]
    private static partial Regex BarcodePattern();

    private sealed record CopyRow(long Id, long TitleId, string Barcode, string Title, string Isbn, long HomePlaceId, long LocationPlaceId, bool OnLoan, DateOnly? DueOn, bool Withdrawn);

    private sealed record HitRow(string Isbn, string Title, string Author, string Publisher, long LibraryPlaceId, int Copies, int Available);
}
