namespace UnionOne.Modules.Messaging.Contracts;

/// <summary>
/// Sends a text message to a mainland mobile number. The development sender writes to an outbox
/// that staff can read at /console/sms-outbox, so every flow that sends SMS works on one machine.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string text, string purpose, CancellationToken ct = default);
}
