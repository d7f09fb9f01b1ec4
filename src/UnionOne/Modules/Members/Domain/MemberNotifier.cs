using UnionOne.Modules.Messaging.Contracts;

namespace UnionOne.Modules.Members.Domain;

/// <summary>
/// Sends members their SMS notices after a change has committed. A failed or missing sender never undoes the change:
/// the failure is logged (without the phone number).
/// </summary>
internal sealed class MemberNotifier(IServiceProvider services, ILogger<MemberNotifier> logger)
{
    public async Task SendAsync(string phone, string text, string purpose, CancellationToken ct)
    {
        var sender = services.GetService<ISmsSender>();
        if (sender is null)
        {
            logger.LogWarning("No SMS sender is registered; the {Purpose} notice was not sent", purpose);
            return;
        }
        try
        {
            await sender.SendAsync(phone, text, purpose, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text may quote the number: log its type only.
            logger.LogWarning("Sending the {Purpose} notice failed ({Error})", purpose, e.GetType().Name);
        }
    }
}
