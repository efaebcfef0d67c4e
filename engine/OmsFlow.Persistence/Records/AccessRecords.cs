namespace OmsFlow.Persistence.Records;

/// <summary>
/// An API key. Only the SHA-256 hash of the key is stored: the key itself is shown once, when it is created,
/// and cannot be recovered from the database.
/// </summary>
public sealed class ApiKeyRecord
{
    /// <summary>Short public id (safe to log and show), e.g. <c>k_3f9a1c2b</c>.</summary>
    public required string Id { get; set; }

    /// <summary>Who or what uses the key, e.g. <c>ops-dashboard</c> or <c>jane@example.com</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }

    /// <summary>Comma-separated roles: analyst, ops, integrator, admin.</summary>
    public required string Roles { get; set; }

    public long CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public long? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}

/// <summary>Who changed or deployed what, and when (publish, draft save, cancel, retry, key and subscription changes).</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public long At { get; set; }

    /// <summary>Name of the API key that acted, with its id: <c>ops-bot (k_3f9a1c2b)</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done, e.g. <c>workflow.publish</c>, <c>instance.cancel</c>, <c>key.create</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, e.g. the workflow or instance id.</summary>
    public string? Target { get; set; }

    /// <summary>HTTP status of the request that did it.</summary>
    public int Status { get; set; }

    public string? Detail { get; set; }
}
