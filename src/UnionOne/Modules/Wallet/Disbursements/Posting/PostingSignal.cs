namespace UnionOne.Modules.Wallet.Disbursements.Posting;

/// <summary>Wakes the disbursement worker when an approval has made work (it also looks on its own every few seconds).</summary>
internal sealed class PostingSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the worker will look once, which covers both.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await signal.WaitAsync(timeout, ct);
}
