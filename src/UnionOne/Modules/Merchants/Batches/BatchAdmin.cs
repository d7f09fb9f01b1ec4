using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Batches;

public sealed record CreateBatchRequest(long? UnionId, string? Name, DateOnly? OpensOn, DateOnly? ClosesOn, int? NoticeDays);

/// <summary>A recruitment batch (招募批次) with how far its applications have come.</summary>
public sealed record BatchView(long Id, long UnionId, string UnionName, string Name, DateOnly OpensOn, DateOnly ClosesOn, int NoticeDays, bool IsOpen,
    int Applications, int Admitted, int Active, DateTime CreatedAt);

/// <summary>A batch taking applications now (the public application form lists these).</summary>
public sealed record OpenBatch(long Id, string Name, string UnionName, DateOnly OpensOn, DateOnly ClosesOn);

/// <summary>Staff create recruitment batches for unions of their subtree and follow them.</summary>
internal sealed class BatchAdmin(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    IOrganisationDirectory unions,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<MerchantsText> l)
{
    public const string AuditCreated = "merchant-batch.created";

    public async Task<BatchView> CreateAsync(CreateBatchRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        if (request.UnionId is null) errors.Add("unionId", l["请选择发起招募的工会"]);
        var name = MerchantInput.Text(request.Name, 2, 60, "name", l["请填写批次名称（2至60个字）"], errors, l);
        var today = ChinaTime.Today(clock);
        if (request.OpensOn is null) errors.Add("opensOn", l["请填写报名开始日期"]);
        if (request.ClosesOn is null) errors.Add("closesOn", l["请填写报名截止日期"]);
        else if (request.OpensOn is { } opens && request.ClosesOn < opens) errors.Add("closesOn", l["截止日期不能早于开始日期"]);
        else if (request.ClosesOn < today) errors.Add("closesOn", l["截止日期不能早于今天"]);
        if (request.NoticeDays is not (>= 1 and <= 30)) errors.Add("noticeDays", l["公示天数应为1至30天"]);
        errors.ThrowIfAny();

        var (scope, union) = await gate.RequireWithScopeAsync(Permission.ManageMerchants, request.UnionId!.Value, ct);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已注销或合并，不能发起招募"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into merchants.batches (union_id, name, opens_on, closes_on, notice_days, created_by)
            values (@unionId, @name, @opensOn::date, @closesOn::date, @noticeDays, @staff) returning id
            """, new
        {
            unionId = union.Id,
            name,
            opensOn = request.OpensOn!.Value.ToDateTime(TimeOnly.MinValue),
            closesOn = request.ClosesOn!.Value.ToDateTime(TimeOnly.MinValue),
            noticeDays = (short)request.NoticeDays!.Value,
            staff = scope.StaffId,
        }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditCreated, "merchant-batch", MerchantWrites.Id(id), union.Id, new { name }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Batches of the caller's subtree (or of one union's subtree), newest first.</summary>
    public async Task<IReadOnlyList<BatchView>> ListAsync(long? unionId, CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, unionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            {Select} where (@all or b.union_id = any(@unionIds)) order by b.opens_on desc, b.id desc limit 500
            """, new { all = subtree.All, unionIds = subtree.UnionIds.ToArray() }, cancellationToken: ct));
        return await ViewsAsync(rows, ct);
    }

    /// <summary>One batch the caller may see (404 outside their subtree).</summary>
    public async Task<BatchView> GetAsync(long batchId, CancellationToken ct)
    {
        var row = await FindRowAsync(batchId, ct) ?? throw new NotFoundException(l["未找到该招募批次"]);
        await gate.RequireAsync(Permission.Read, row.UnionId, ct);
        return (await ViewsAsync([row], ct))[0];
    }

    /// <summary>The union of a batch, for access checks by other use cases; null when there is no such batch.</summary>
    public async Task<(long UnionId, int NoticeDays)?> HeadAsync(long batchId, CancellationToken ct)
    {
        var row = await FindRowAsync(batchId, ct);
        return row is null ? null : (row.UnionId, row.NoticeDays);
    }

    /// <summary>Batches whose application period includes today (public).</summary>
    public async Task<IReadOnlyList<OpenBatch>> OpenAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Id, string Name, long UnionId, DateOnly OpensOn, DateOnly ClosesOn)>(new CommandDefinition(
            "select id, name, union_id, opens_on, closes_on from merchants.batches where @today::date between opens_on and closes_on order by closes_on, id limit 200",
            new { today = today.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
        var result = new List<OpenBatch>();
        foreach (var r in rows)
        {
            var union = await unions.FindAsync(r.UnionId, ct);
            if (union is { IsActive: true }) result.Add(new OpenBatch(r.Id, r.Name, union.Name, r.OpensOn, r.ClosesOn));
        }
        return result;
    }

    private const string Select = """
        select b.id, b.union_id as UnionId, b.name, b.opens_on as OpensOn, b.closes_on as ClosesOn, b.notice_days as NoticeDays, b.created_at as CreatedAt,
               (select count(*) from merchants.merchants m where m.batch_id = b.id)::int as Applications,
               (select count(*) from merchants.merchants m where m.batch_id = b.id and m.status in (4, 5, 6, 7))::int as Admitted,
               (select count(*) from merchants.merchants m where m.batch_id = b.id and m.status = 5)::int as Active
        from merchants.batches b
        """;

    private async Task<Row?> FindRowAsync(long batchId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} where b.id = @batchId", new { batchId }, cancellationToken: ct));
    }

    private async Task<IReadOnlyList<BatchView>> ViewsAsync(IEnumerable<Row> rows, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var result = new List<BatchView>();
        foreach (var r in rows)
        {
            var union = await unions.FindAsync(r.UnionId, ct);
            result.Add(new BatchView(r.Id, r.UnionId, union?.Name ?? "", r.Name, r.OpensOn, r.ClosesOn, r.NoticeDays,
                today >= r.OpensOn && today <= r.ClosesOn, r.Applications, r.Admitted, r.Active, r.CreatedAt));
        }
        return result;
    }

    private sealed record Row(long Id, long UnionId, string Name, DateOnly OpensOn, DateOnly ClosesOn, short NoticeDays, DateTime CreatedAt, int Applications, int Admitted, int Active);
}
