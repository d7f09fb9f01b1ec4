using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Posting;

/// <summary>What a replay of a posted disbursement found: chunks the ledger recognised (nothing moved) and chunks it did not.</summary>
internal sealed record ReplayReport(int Chunks, int Replayed, int NotReplayed, long Members);

/// <summary>
/// Credits an approved disbursement's members from its in-transit account, chunk by chunk. Each chunk is ONE transaction:
/// claim the chunk row (FOR UPDATE SKIP LOCKED, so parallel posters and a second app instance never take the same chunk),
/// read its lines (member-id range fixed at approval), post one ledger transfer with the key disb:{id}:chunk:{n}, mark the
/// chunk posted. A crash before the commit leaves the chunk open and the money in transit; a crash after it leaves the chunk
/// posted. Either way the next run neither credits anyone twice (the chunk is marked, and its key could only replay) nor
/// skips anyone (every open chunk is posted, in order). When no chunk is open the disbursement is marked posted.
/// </summary>
internal sealed partial class DisbursementPoster(NpgsqlDataSource dataSource, ILedger ledger, IOptions<DisbursementOptions> options, ILogger<DisbursementPoster> log)
{
    public static AccountRef InTransit(long disbursementId) => new(AccountKind.DisbursementInTransit, disbursementId);

    public static string ChunkKey(long disbursementId, int n) => $"disb:{disbursementId}:chunk:{n}";

    public static string ReserveKey(long disbursementId) => $"disb:{disbursementId}:reserve";

    public static string Reference(long disbursementId) => $"disbursement:{disbursementId}";

    /// <summary>Posts every open chunk of every disbursement being posted (oldest approval first); returns the chunks posted.</summary>
    public async Task<int> RunPendingAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            ids = (await conn.QueryAsync<long>(new CommandDefinition(
                "select id from wallet.disbursements where status = 3 order by approved_at, id", cancellationToken: ct))).AsList();
        }
        var posted = 0;
        foreach (var id in ids) posted += await PostAsync(id, null, ct);
        return posted;
    }

    /// <summary>
    /// Posts the disbursement's open chunks (at most <paramref name="maxChunks"/>, for tests that stop half-way), then marks it
    /// posted when none is left. Returns the chunks this call posted. Does nothing unless the disbursement is being posted.
    /// </summary>
    public async Task<int> PostAsync(long disbursementId, int? maxChunks, CancellationToken ct)
    {
        var head = await HeadAsync(disbursementId, ct);
        if (head is null || head.Status != 3) return 0;
        var terms = head.Terms;
        var budget = maxChunks ?? int.MaxValue;
        var posted = 0;
        var parallelism = maxChunks is null ? options.Value.Parallelism : 1;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            while (Interlocked.Decrement(ref budget) >= 0 && await PostNextChunkAsync(head, terms, ct)) Interlocked.Increment(ref posted);
        }));
        await FinishAsync(dataSource, disbursementId, ct);
        if (posted > 0) LogPosted(log, disbursementId, posted);
        return posted;
    }

    private async Task<bool> PostNextChunkAsync(Head head, FundTerms terms, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var chunk = await conn.QuerySingleOrDefaultAsync<Chunk>(new CommandDefinition("""
            select n, from_member_id as FromMemberId, to_member_id as ToMemberId, members, amount from wallet.disbursement_chunks
            where disbursement_id = @id and posted_at is null
            order by n limit 1
            for update skip locked
            """, new { id = head.Id }, tx, cancellationToken: ct));
        if (chunk is null) return false;
        var (members, amounts) = await LinesAsync(conn, tx, head.Id, chunk, ct);
        var outcome = await ledger.CreditMembersAsync(ChunkKey(head.Id, chunk.N), InTransit(head.Id), members, amounts, terms,
            Reference(head.Id), head.Title, head.ApprovedBy, tx, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update wallet.disbursement_chunks set posted_at = now(), transfer_id = @transferId where disbursement_id = @id and n = @n
            """, new { id = head.Id, n = chunk.N, transferId = outcome.TransferId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        if (outcome.Replayed) LogReplayed(log, head.Id, chunk.N);
        return true;
    }

    /// <summary>The chunk's lines in member-id order, checked against what the chunk recorded at approval.</summary>
    private static async Task<(long[] Members, long[] Amounts)> LinesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, Chunk chunk, CancellationToken ct)
    {
        var members = new long[chunk.Members];
        var amounts = new long[chunk.Members];
        await using var cmd = new NpgsqlCommand("""
            select member_id, amount from wallet.disbursement_lines
            where disbursement_id = $1 and member_id between $2 and $3 order by member_id
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chunk.FromMemberId });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chunk.ToMemberId });
        var count = 0;
        long sum = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (count == members.Length) throw new InvalidOperationException($"disbursement {id} chunk {chunk.N} has more lines than recorded at approval");
                members[count] = reader.GetInt64(0);
                amounts[count] = reader.GetInt64(1);
                sum += amounts[count];
                count++;
            }
        }
        if (count != chunk.Members || sum != chunk.Amount)
            throw new InvalidOperationException($"disbursement {id} chunk {chunk.N}: lines ({count}, {sum} fen) differ from the chunk recorded at approval ({chunk.Members}, {chunk.Amount} fen)");
        return (members, amounts);
    }

    /// <summary>
    /// Marks the disbursement posted once every chunk is posted. What is then still in transit can only have come back from
    /// members' lots that expired (their origin is this account); <see cref="ReturnExpiredAsync"/> hands it to the fund.
    /// </summary>
    private static async Task FinishAsync(NpgsqlDataSource dataSource, long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update wallet.disbursements d set status = 4, posted_at = now()
            where d.id = @id and d.status = 3
              and not exists (select 1 from wallet.disbursement_chunks c where c.disbursement_id = d.id and c.posted_at is null)
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Funds that expired in members' accounts go back to the account that credited them, which for a disbursement is its
    /// in-transit account; this returns what has come back there to the union's fund, for every posted disbursement (one
    /// transfer each, keyed by the running total returned, so a retry replays instead of returning twice). Returns the transfers.
    /// </summary>
    public async Task<int> ReturnExpiredAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var open = (await conn.QueryAsync<(long Id, long UnionId, long Balance, long Returned, string Title)>(new CommandDefinition("""
            select d.id, d.union_id, a.balance,
                   coalesce((select sum(t.amount) from wallet.transfers t where t.reference = 'disbursement:' || d.id and t.kind = 5), 0)::bigint,
                   d.title
            from wallet.accounts a join wallet.disbursements d on d.id = a.owner_id
            where a.kind = 10 and a.balance > 0 and d.status = 4
            """, cancellationToken: ct))).AsList();
        foreach (var d in open)
        {
            await ledger.TransferAsync(new LedgerTransfer($"disb:{d.Id}:expired:{d.Returned + d.Balance}", TransferKind.Expiry, InTransit(d.Id),
                AccountRef.Fund(d.UnionId), d.Balance, Reference(d.Id), d.Title + " 到期退回"), null, ct);
            LogReturned(log, d.Id, d.Balance);
        }
        return open.Count;
    }

    /// <summary>
    /// Sends every posted chunk of a posted disbursement to the ledger again, with its key and its lines, inside a transaction
    /// that is always rolled back: the ledger must answer "replayed" for each (nothing would move even if committed). Proves
    /// that chunks are formed the same way every time and that a replayed posting credits nobody twice.
    /// </summary>
    public async Task<ReplayReport> ReplayAsync(long disbursementId, CancellationToken ct)
    {
        var head = await HeadAsync(disbursementId, ct);
        if (head is null) throw new NotFoundException();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var chunks = (await conn.QueryAsync<Chunk>(new CommandDefinition("""
            select n, from_member_id as FromMemberId, to_member_id as ToMemberId, members, amount from wallet.disbursement_chunks
            where disbursement_id = @id and posted_at is not null order by n
            """, new { id = disbursementId }, tx, cancellationToken: ct))).AsList();
        int replayed = 0, notReplayed = 0;
        long members = 0;
        foreach (var chunk in chunks)
        {
            var (ids, amounts) = await LinesAsync(conn, tx, disbursementId, chunk, ct);
            await tx.SaveAsync("chunk", ct);
            try
            {
                var outcome = await ledger.CreditMembersAsync(ChunkKey(disbursementId, chunk.N), InTransit(disbursementId), ids, amounts, head.Terms,
                    Reference(disbursementId), head.Title, head.ApprovedBy, tx, ct);
                if (outcome.Replayed) replayed++;
                else notReplayed++;
            }
            catch (BusinessRuleException)
            {
                notReplayed++;
            }
            await tx.RollbackAsync("chunk", ct);
            members += chunk.Members;
        }
        await tx.RollbackAsync(ct);
        return new ReplayReport(chunks.Count, replayed, notReplayed, members);
    }

    private async Task<Head?> HeadAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Head>(new CommandDefinition("""
            select id, status, title, purpose, categories, expires_at as ExpiresAt, approved_by as ApprovedBy from wallet.disbursements where id = @id
            """, new { id }, cancellationToken: ct));
    }

    private sealed class Head
    {
        public long Id { get; set; }
        public short Status { get; set; }
        public string Title { get; set; } = "";
        public string Purpose { get; set; } = "";
        public short[]? Categories { get; set; }
        public DateTime? ExpiresAt { get; set; }
        public long? ApprovedBy { get; set; }

        public FundTerms Terms => new(Purpose, Categories?.Select(c => (MerchantCategory)c).ToList(), ExpiresAt);
    }

    private sealed record Chunk(int N, long FromMemberId, long ToMemberId, int Members, long Amount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disbursement {Id}: {Chunks} chunk(s) posted")]
    private static partial void LogPosted(ILogger log, long id, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disbursement {Id}: chunk {N} was already in the ledger (replayed, nobody credited twice)")]
    private static partial void LogReplayed(ILogger log, long id, int n);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disbursement {Id}: {Fen} fen expired in members' accounts returned to the union fund")]
    private static partial void LogReturned(ILogger log, long id, long fen);
}
