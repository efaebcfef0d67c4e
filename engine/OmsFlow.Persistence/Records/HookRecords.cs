namespace OmsFlow.Persistence.Records;

/// <summary>
/// The first response to a hook request carrying an <c>Idempotency-Key</c>, replayed for retries of the same request.
/// Scoped per caller so two integrators cannot collide on a key.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller: API key id, or <c>public</c> for unauthenticated hooks.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>Hex SHA-256 of method, path and raw body: a retry must send exactly the same request.</summary>
    public required string RequestHash { get; set; }

    /// <summary>in_flight while the first request runs, then done.</summary>
    public required string State { get; set; }

    public int ResponseStatus { get; set; }

    public string? ResponseBody { get; set; }

    public string? ResponseContentType { get; set; }

    public string? ResponseLocation { get; set; }

    public long CreatedAt { get; set; }

    public long? CompletedAt { get; set; }
}

/// <summary>Per-hook security: whether the hook answers without an API key.</summary>
public sealed class HookSettingsRecord
{
    /// <summary>The hook path as in the trigger (<c>orders/created</c>), without <c>/hooks/</c>.</summary>
    public required string Path { get; set; }

    /// <summary>Callers need no API key (a signature secret should then be configured).</summary>
    public bool Public { get; set; }

    public long UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>
/// A signing secret of a hook. HMAC verification needs the secret itself, so it is stored encrypted with the
/// server key (AES-GCM), not hashed. Two may be active at once while a sender rotates.
/// </summary>
public sealed class HookSecretRecord
{
    public required string Id { get; set; }

    public required string Path { get; set; }

    /// <summary>Base64 of nonce, tag and ciphertext.</summary>
    public required string EncryptedSecret { get; set; }

    public long CreatedAt { get; set; }

    public long? RevokedAt { get; set; }
}

/// <summary>An outbound webhook endpoint: where events of the listed types are delivered, signed per Standard Webhooks.</summary>
public sealed class WebhookSubscriptionRecord
{
    public required string Id { get; set; }

    public required string Url { get; set; }

    /// <summary>Comma-separated event types (<c>order.shipped</c>), or <c>*</c> for all.</summary>
    public required string EventTypes { get; set; }

    public string? Description { get; set; }

    /// <summary>The <c>whsec_</c> secret, encrypted with the server key.</summary>
    public required string EncryptedSecret { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Delivery attempts that failed since the last success; at the limit the subscription is disabled.</summary>
    public int ConsecutiveFailures { get; set; }

    public long? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    public long CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}
