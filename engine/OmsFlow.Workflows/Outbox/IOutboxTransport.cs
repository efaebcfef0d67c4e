using OmsFlow.Persistence.Records;

namespace OmsFlow.Workflows.Outbox;

/// <summary>Delivers outbox messages of one channel (email, webhook, ...). Throwing means "try again later".</summary>
public interface IOutboxTransport
{
    /// <summary>The channel this transport serves, matching <see cref="Activities.OutgoingMessage.Channel"/>.</summary>
    string Channel { get; }

    /// <summary>Delivers the message; must be safe to call again for the same message id (at-least-once delivery).</summary>
    Task DeliverAsync(OutboxRecord message, CancellationToken cancellationToken);
}

/// <summary>A failure retrying cannot fix (the message is malformed): the message goes straight to dead letters.</summary>
public sealed class PermanentDeliveryException : Exception
{
    public PermanentDeliveryException()
    {
    }

    public PermanentDeliveryException(string message)
        : base(message)
    {
    }

    public PermanentDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
