using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Security;

namespace OmsFlow.Server.Webhooks;

/// <summary>A subscription as shown to admins (never the secret, except once on creation or rotation).</summary>
public sealed record WebhookSubscription(
    string Id, Uri Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled, int ConsecutiveFailures,
    DateTimeOffset? DisabledAt, string? DisabledReason, DateTimeOffset CreatedAt, string? CreatedBy)
{
    /// <summary>True if events of <paramref name="type"/> go to this subscription.</summary>
    public bool Matches(string type) => EventTypes.Any(t => t == "*" || t == type || (t.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(t[..^1], StringComparison.Ordinal)));
}

/// <summary>
/// Outbound webhook subscriptions: URL, event types, secret (encrypted with the server key), and the failure count
/// that disables an endpoint after <c>Webhooks:DisableAfterFailures</c> consecutive failed attempts (default 20).
/// </summary>
public sealed class WebhookSubscriptions(OmsFlowStorage storage, SecretProtector protector, TimeProvider clock, IConfiguration configuration)
{
    private readonly int _disableAfter = Math.Max(1, configuration.GetValue("Webhooks:DisableAfterFailures", 20));
    private volatile IReadOnlyList<WebhookSubscription>? _enabled;

    /// <summary>Enabled subscriptions (cached until a change in this process).</summary>
    public async ValueTask<IReadOnlyList<WebhookSubscription>> EnabledAsync(CancellationToken cancellationToken)
    {
        if (_enabled is { } cached)
        {
            return cached;
        }
        await using var context = storage.CreateContext();
        var records = await context.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken).ConfigureAwait(false);
        var list = records.Select(ToModel).ToList();
        _enabled = list;
        return list;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var records = await context.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(ToModel)];
    }

    public async Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : ToModel(record);
    }

    /// <summary>The decrypted <c>whsec_</c> secret of a subscription, for signing.</summary>
    public async Task<string?> SecretAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var encrypted = await context.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == id).Select(s => s.EncryptedSecret)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return encrypted is null ? null : protector.Unprotect(encrypted);
    }

    /// <summary>Creates an enabled subscription; the secret is returned this once.</summary>
    public async Task<(WebhookSubscription Subscription, string Secret)> CreateAsync(Uri url, IReadOnlyList<string> eventTypes, string? description, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var secret = StandardWebhooks.NewSecret();
        var record = new WebhookSubscriptionRecord
        {
            Id = "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)),
            Url = url.ToString(),
            EventTypes = string.Join(',', eventTypes),
            Description = description,
            EncryptedSecret = protector.Protect(secret),
            Enabled = true,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            CreatedBy = actor,
        };
        await using var context = storage.CreateContext();
        context.WebhookSubscriptions.Add(record);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _enabled = null;
        return (ToModel(record), secret);
    }

    /// <summary>Changes URL, event types, description or enabled state; re-enabling resets the failure count.</summary>
    public async Task<WebhookSubscription?> UpdateAsync(string id, Uri? url, IReadOnlyList<string>? eventTypes, string? description, bool? enabled, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        record.Url = url?.ToString() ?? record.Url;
        record.EventTypes = eventTypes is null ? record.EventTypes : string.Join(',', eventTypes);
        record.Description = description ?? record.Description;
        if (enabled is { } on)
        {
            record.Enabled = on;
            if (on)
            {
                record.ConsecutiveFailures = 0;
                record.DisabledAt = null;
                record.DisabledReason = null;
            }
            else
            {
                record.DisabledAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
                record.DisabledReason = "disabled by an admin";
            }
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _enabled = null;
        return ToModel(record);
    }

    /// <summary>Replaces the secret at once; returns the new one (shown once).</summary>
    public async Task<string?> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var secret = StandardWebhooks.NewSecret();
        record.EncryptedSecret = protector.Protect(secret);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return secret;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var deleted = await context.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        _enabled = null;
        return deleted > 0;
    }

    /// <summary>Records a delivery outcome; returns true if this failure disabled the subscription.</summary>
    public async Task<bool> RecordOutcomeAsync(string id, bool succeeded, string? error, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null || (succeeded && record.ConsecutiveFailures == 0))
        {
            return false;
        }
        var disabled = false;
        if (succeeded)
        {
            record.ConsecutiveFailures = 0;
        }
        else
        {
            record.ConsecutiveFailures++;
            if (record.Enabled && record.ConsecutiveFailures >= _disableAfter)
            {
                record.Enabled = false;
                record.DisabledAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
                record.DisabledReason = $"{record.ConsecutiveFailures} consecutive failed deliveries; last: {error}";
                disabled = true;
            }
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (disabled)
        {
            _enabled = null;
        }
        return disabled;
    }

    /// <summary>Disables a subscription the receiver told to go away (410 Gone).</summary>
    public async Task DisableAsync(string id, string reason, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        await context.WebhookSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Enabled, false)
            .SetProperty(s => s.DisabledAt, clock.GetUtcNow().ToUnixTimeMilliseconds())
            .SetProperty(s => s.DisabledReason, reason), cancellationToken).ConfigureAwait(false);
        _enabled = null;
    }

    private static WebhookSubscription ToModel(WebhookSubscriptionRecord r) => new(
        r.Id, new Uri(r.Url), r.EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Description, r.Enabled, r.ConsecutiveFailures,
        r.DisabledAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, r.DisabledReason, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.CreatedBy);
}
