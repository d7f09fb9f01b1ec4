using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Libraries.Places;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Libraries.Loans;

/// <summary>
/// Borrowing, returning and renewing, the same rules for desks (staff API and pages) and SIP2 self-check machines.
/// Callers check who may act at the library; this class checks the books and the member. A copy is never on two
/// loans at once: the partial unique index loans_one_open_per_copy decides between simultaneous requests.
/// </summary>
internal sealed class Lending(
    NpgsqlDataSource dataSource,
    IMemberDirectory members,
    UnionOne.Modules.MemberCode.Contracts.IMemberCodes codes,
    ILibraryPlaces places,
    IOptionsMonitor<LibraryOptions> options,
    TimeProvider clock,
    IStringLocalizer<LibrariesText> l)
{
    public DateOnly Today => LibraryClock.Today(clock);

    public LibraryOptions Rules => options.CurrentValue;

    /// <summary>Lends the copy with <paramref name="barcode"/> at the library <paramref name="placeId"/> to the member with <paramref name="memberNo"/>.</summary>
    public async Task<LoanView> BorrowAsync(long placeId, string? memberNo, string? barcode, string channel, CancellationToken ct)
    {
        var rules = options.CurrentValue;
        var member = await RequireMemberAsync(memberNo, ct);
        var code = RequireBarcode(barcode);
        var today = Today;
        if (await places.FindAsync(placeId, ct) is not { Closed: false }) throw new BusinessRuleException(l["该职工书屋已停止开放，暂停借阅"]);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One member's borrows are serialised, so the loan limit holds even when two machines ask at once.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('libraries.member', @id))", new { id = member.Id }, tx, cancellationToken: ct));
        var copy = await conn.QuerySingleOrDefaultAsync<CopyRow>(new CommandDefinition(
            "select id, location_place_id as LocationPlaceId, withdrawn_at is not null as Withdrawn from libraries.copies where barcode = @code",
            new { code }, tx, cancellationToken: ct)) ?? throw new InputValidationException("barcode", l["未找到条码为{0}的图书", code]);
        if (copy.Withdrawn) throw new BusinessRuleException(l["该册图书已下架，不能借出"]);
        if (copy.LocationPlaceId != placeId)
        {
            var there = await places.FindAsync(copy.LocationPlaceId, ct);
            throw new BusinessRuleException(l["该册图书目前在“{0}”，不在本书屋，不能在此借出", there?.Name ?? ""]);
        }
        var (open, overdue) = await conn.QuerySingleAsync<(int, int)>(new CommandDefinition("""
            select count(*)::int, count(*) filter (where due_on < @today::date)::int
            from libraries.loans where member_id = @memberId and returned_at is null
            """, new { memberId = member.Id, today = Sql(today) }, tx, cancellationToken: ct));
        if (rules.BlockBorrowingWhenOverdue && overdue > 0)
            throw new BusinessRuleException(l["该会员有{0}册图书已逾期未还，请先归还后再借", overdue]);
        if (open >= rules.MaxOpenLoans)
            throw new BusinessRuleException(l["该会员已借{0}册，达到上限{1}册，请先归还后再借", open, rules.MaxOpenLoans]);

        long loanId;
        try
        {
            loanId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into libraries.loans (copy_id, member_id, borrowed_place_id, channel, due_on)
                values (@copyId, @memberId, @placeId, @channel, @dueOn::date)
                returning id
                """, new { copyId = copy.Id, memberId = member.Id, placeId, channel, dueOn = Sql(today.AddDays(rules.LoanDays)) }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "loans_one_open_per_copy")
        {
            throw new BusinessRuleException(l["该册图书已借出，尚未归还"]);
        }
        await tx.CommitAsync(ct);
        return (await ViewsAsync("l.id = @loanId", new { loanId }, ct))[0];
    }

    /// <summary>Takes back the copy at the library <paramref name="placeId"/> (any library of the network); the copy now stands there.</summary>
    public async Task<ReturnView> ReturnAsync(long placeId, string? barcode, CancellationToken ct)
    {
        var code = RequireBarcode(barcode);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var copy = await conn.QuerySingleOrDefaultAsync<ReturnRow>(new CommandDefinition("""
            select c.id, c.barcode, t.title, t.library_place_id as HomePlaceId
            from libraries.copies c join libraries.titles t on t.id = c.title_id
            where c.barcode = @code
            for update of c
            """, new { code }, tx, cancellationToken: ct)) ?? throw new InputValidationException("barcode", l["未找到条码为{0}的图书", code]);
        var returned = await conn.QuerySingleOrDefaultAsync<ReturnedRow>(new CommandDefinition("""
            update libraries.loans set returned_at = now(), returned_place_id = @placeId
            where copy_id = @copyId and returned_at is null
            returning id, member_id as MemberId, due_on as DueOn
            """, new { copyId = copy.Id, placeId }, tx, cancellationToken: ct));
        if (returned is null) throw new BusinessRuleException(l["该册图书（{0}）当前未被借出，无需归还", code]);
        await conn.ExecuteAsync(new CommandDefinition("update libraries.copies set location_place_id = @placeId where id = @copyId",
            new { placeId, copyId = copy.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var member = await members.FindAsync(returned.MemberId, ct);
        var home = await places.FindAsync(copy.HomePlaceId, ct);
        var overdueDays = Math.Max(0, Today.DayNumber - returned.DueOn.DayNumber);
        return new ReturnView(returned.Id, copy.Barcode, copy.Title, member?.MemberNo ?? "", overdueDays, copy.HomePlaceId, home?.Name ?? "", copy.HomePlaceId != placeId);
    }

    /// <summary>Renews an open loan: new due date today + loan days; refused beyond the renewal limit or when too long overdue.</summary>
    /// <param name="memberId">The member renewing their own loan, or null for a desk.</param>
    /// <param name="placeId">The desk's library (the loan's home or where it was borrowed), or null for a member.</param>
    public async Task<LoanView> RenewAsync(long loanId, long? memberId, long? placeId, CancellationToken ct)
    {
        var rules = options.CurrentValue;
        var today = Today;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var renewed = await conn.ExecuteAsync(new CommandDefinition("""
            update libraries.loans set renewals = renewals + 1, due_on = greatest(due_on, @newDue::date)
            where id = @loanId and (@memberId::bigint is null or member_id = @memberId)
              and (@placeId::bigint is null or borrowed_place_id = @placeId
                   or exists (select 1 from libraries.copies c join libraries.titles t on t.id = c.title_id where c.id = copy_id and t.library_place_id = @placeId))
              and returned_at is null and renewals < @max and due_on + @grace >= @today::date
            """, new { loanId, memberId, placeId, newDue = Sql(today.AddDays(rules.LoanDays)), max = rules.MaxRenewals, grace = rules.RenewalGraceDays, today = Sql(today) }, cancellationToken: ct));
        if (renewed == 1) return (await ViewsAsync("l.id = @loanId", new { loanId }, ct))[0];

        var found = await conn.QuerySingleOrDefaultAsync<RenewRow>(new CommandDefinition("""
            select l.member_id as MemberId, l.renewals, l.due_on as DueOn, l.returned_at is not null as Returned,
                   (l.borrowed_place_id = @placeId or t.library_place_id = @placeId) as AtPlace
            from libraries.loans l join libraries.copies c on c.id = l.copy_id join libraries.titles t on t.id = c.title_id
            where l.id = @loanId
            """, new { loanId, placeId }, cancellationToken: ct));
        if (found is null || (memberId is { } m && found.MemberId != m) || (placeId is not null && found.AtPlace != true)) throw new NotFoundException(l["未找到该借阅记录"]);
        if (found.Returned) throw new BusinessRuleException(l["该书已归还，不能续借"]);
        if (found.Renewals >= rules.MaxRenewals) throw new BusinessRuleException(l["已续借{0}次，达到上限，请按期归还", found.Renewals]);
        throw new BusinessRuleException(l["已逾期{0}天，不能续借，请尽快归还", today.DayNumber - found.DueOn.DayNumber]);
    }

    /// <summary>A member's loans, open first, then the last returned ones.</summary>
    public Task<IReadOnlyList<LoanView>> MemberLoansAsync(long memberId, CancellationToken ct) =>
        ViewsAsync("l.member_id = @memberId and (l.returned_at is null or l.returned_at > now() - interval '180 days')", new { memberId }, ct,
            "order by (l.returned_at is null) desc, l.due_on, l.id desc limit 100");

    /// <summary>Open loans of a library's books (its titles, or borrowed there); overdue only when asked.</summary>
    public Task<IReadOnlyList<LoanView>> LibraryLoansAsync(long placeId, bool overdueOnly, CancellationToken ct) =>
        ViewsAsync("l.returned_at is null and (t.library_place_id = @placeId or l.borrowed_place_id = @placeId) and (not @overdueOnly or l.due_on < @today::date)",
            new { placeId, overdueOnly, today = Sql(Today) }, ct, "order by l.due_on, l.id limit 1000");

    /// <summary>Copy and open loan by barcode (SIP2 item information), or null.</summary>
    public async Task<CopyStatus?> CopyAsync(string barcode, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition("""
            select c.barcode, t.title, t.isbn13 as Isbn, t.library_place_id as HomePlaceId, c.location_place_id as LocationPlaceId,
                   c.withdrawn_at is not null as Withdrawn, l.due_on as DueOn, l.member_id as MemberId
            from libraries.copies c join libraries.titles t on t.id = c.title_id
            left join libraries.loans l on l.copy_id = c.id and l.returned_at is null
            where c.barcode = @barcode
            """, new { barcode = barcode.Trim() }, cancellationToken: ct));
        if (row is null) return null;
        var borrower = row.MemberId is { } id ? await members.FindAsync(id, ct) : null;
        return new CopyStatus(row.Barcode, row.Title, row.Isbn, row.HomePlaceId, row.LocationPlaceId, row.Withdrawn, row.DueOn, borrower?.MemberNo);
    }

    /// <summary>Open and overdue loan counts of a member (SIP2 patron status).</summary>
    public async Task<(int Open, int Overdue)> CountsAsync(long memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<(int, int)>(new CommandDefinition("""
            select count(*)::int, count(*) filter (where due_on < @today::date)::int
            from libraries.loans where member_id = @memberId and returned_at is null
            """, new { memberId, today = Sql(Today) }, cancellationToken: ct));
    }

    /// <summary>The borrower, from a scanned member code (一码通办) or a typed member number.</summary>
    public async Task<MemberRef> RequireMemberAsync(string? memberNo, CancellationToken ct)
    {
        if (memberNo?.Trim() is { } scanned && scanned.StartsWith("UC1.", StringComparison.Ordinal))
        {
            var check = await codes.ReadAsync(scanned, useScope: null, ct);
            if (!check.Valid) throw new InputValidationException("memberNo", check.Message);
            var holder = await members.FindAsync(check.MemberId!.Value, ct) ?? throw new InputValidationException("memberNo", check.Message);
            if (holder.Status != MemberStatus.Active) throw new BusinessRuleException(l["该会员当前不在会（{0}），不能借书", l[holder.Status.Label()]]);
            return holder;
        }
        var no = (memberNo ?? "").Trim().ToUpperInvariant();
        if (no.Length == 0) throw new InputValidationException("memberNo", l["请填写会员号"]);
        if (no.Length > 20) throw new InputValidationException("memberNo", l["会员号格式不正确"]);
        var member = await members.FindByMemberNoAsync(no, ct) ?? throw new InputValidationException("memberNo", l["未找到会员号为{0}的会员", no]);
        if (member.Status != MemberStatus.Active) throw new BusinessRuleException(l["该会员当前不在会（{0}），不能借书", l[member.Status.Label()]]);
        return member;
    }

    private string RequireBarcode(string? barcode)
    {
        var code = (barcode ?? "").Trim();
        if (code.Length == 0) throw new InputValidationException("barcode", l["请填写图书条码"]);
        if (code.Length > 32) throw new InputValidationException("barcode", l["图书条码格式不正确"]);
        return code;
    }

    private async Task<IReadOnlyList<LoanView>> ViewsAsync(string where, object args, CancellationToken ct, string tail = "")
    {
        var rules = options.CurrentValue;
        var today = Today;
        List<LoanRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            rows = (await conn.QueryAsync<LoanRow>(new CommandDefinition($"""
                select l.id, c.barcode, t.title, t.isbn13 as Isbn, l.member_id as MemberId, l.borrowed_place_id as BorrowedPlaceId, l.borrowed_at as BorrowedAt,
                       l.due_on as DueOn, l.renewals, l.returned_at as ReturnedAt, l.returned_place_id as ReturnedPlaceId
                from libraries.loans l
                join libraries.copies c on c.id = l.copy_id
                join libraries.titles t on t.id = c.title_id
                where {where}
                {tail}
                """, args, cancellationToken: ct))).ToList();
        }
        var people = new Dictionary<long, MemberRef?>();
        var placeNames = new Dictionary<long, string>();
        var result = new List<LoanView>(rows.Count);
        foreach (var r in rows)
        {
            if (!people.TryGetValue(r.MemberId, out var member)) people[r.MemberId] = member = await members.FindAsync(r.MemberId, ct);
            var borrowedAt = await PlaceNameAsync(r.BorrowedPlaceId);
            var returnedAt = r.ReturnedPlaceId is { } rp ? await PlaceNameAsync(rp) : null;
            var overdue = r.ReturnedAt is null ? Math.Max(0, today.DayNumber - r.DueOn.DayNumber) : 0;
            result.Add(new LoanView(r.Id, r.Barcode, r.Title, r.Isbn, member?.MemberNo ?? "", Mask.Name(member?.Name), r.BorrowedPlaceId,
                LibraryClock.Beijing(r.BorrowedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), borrowedAt,
                r.DueOn, r.Renewals, Math.Max(0, rules.MaxRenewals - r.Renewals), r.ReturnedAt is not null, returnedAt, overdue));
        }
        return result;

        async Task<string> PlaceNameAsync(long id)
        {
            if (!placeNames.TryGetValue(id, out var name)) placeNames[id] = name = (await places.FindAsync(id, ct))?.Name ?? "";
            return name;
        }
    }

    private static DateTime Sql(DateOnly date) => LibraryClock.Sql(date);

    private sealed record ReturnedRow(long Id, long MemberId, DateOnly DueOn);

    private sealed record RenewRow(long MemberId, short Renewals, DateOnly DueOn, bool Returned, bool? AtPlace);

    private sealed record CopyRow(long Id, long LocationPlaceId, bool Withdrawn);

    private sealed record ReturnRow(long Id, string Barcode, string Title, long HomePlaceId);

    private sealed record StatusRow(string Barcode, string Title, string Isbn, long HomePlaceId, long LocationPlaceId, bool Withdrawn, DateOnly? DueOn, long? MemberId);

    private sealed record LoanRow(long Id, string Barcode, string Title, string Isbn, long MemberId, long BorrowedPlaceId, DateTime BorrowedAt,
        DateOnly DueOn, short Renewals, DateTime? ReturnedAt, long? ReturnedPlaceId);
}
