using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Security;

namespace OmsFlow.Server.Hooks;

/// <summary>How a hook path is protected: open to callers without a key, and the signing secrets it accepts.</summary>
/// <param name="Path">The configured path the request matched (itself or its parent for resume hooks).</param>
/// <param name="Public">Callers need no API key.</param>
/// <param name="Secrets">Active signing secrets (at most two while rotating); none means signatures are not checked.</param>
public sealed record HookPolicy(string Path, bool Public, IReadOnlyList<HookSigningSecret> Secrets)
{
    /// <summary>Needs an integrator key, no signature.</summary>
    public static HookPolicy Default(string path) => new(path, false, []);
}

/// <summary>A decrypted signing secret with its id.</summary>
public sealed record HookSigningSecret(string Id, byte[] Key);

/// <summary>A hook's settings as listed to admins.</summary>
public sealed record HookSecuritySummary(string Path, bool Public, IReadOnlyList<HookSecretSummary> Secrets);

/// <summary>A signing secret as listed to admins: never the secret itself.</summary>
public sealed record HookSecretSummary(string Id, DateTimeOffset CreatedAt);

/// <summary>
/// Reads and changes per-hook security (public flag, signing secrets) and serves it to every hook call from a
/// short-lived cache, so the hot path costs no query.
/// </summary>
public sealed class HookSecurity(OmsFlowStorage storage, SecretProtector protector, TimeProvider clock)
{
    /// <summary>Secrets active at once per hook: the current one and the one being rotated in.</summary>
    public const int MaxActiveSecrets = 2;

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (HookPolicy? Policy, long ExpiresAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The policy for a request to <c>/hooks/{path}</c>: the path's own settings, else its parent's (the hook a
    /// <c>/hooks/{hook}/{key}</c> resume call targets), else the default.
    /// </summary>
    public async ValueTask<HookPolicy> ResolveAsync(string path, CancellationToken cancellationToken)
    {
        path = Normalize(path);
        if (await LoadAsync(path, cancellationToken).ConfigureAwait(false) is { } own)
        {
            return own;
        }
        var slash = path.LastIndexOf('/');
        if (slash > 0 && await LoadAsync(path[..slash], cancellationToken).ConfigureAwait(false) is { } parent)
        {
            return parent;
        }
        return HookPolicy.Default(path);
    }

    /// <summary>Every hook that has settings or secrets.</summary>
    public async Task<IReadOnlyList<HookSecuritySummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var settings = await context.HookSettings.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var secrets = await context.HookSecrets.AsNoTracking().Where(s => s.RevokedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. settings.Select(s => s.Path).Union(secrets.Select(s => s.Path)).Order(StringComparer.Ordinal).Select(path => new HookSecuritySummary(
            path,
            settings.FirstOrDefault(s => s.Path == path)?.Public ?? false,
            [.. secrets.Where(s => s.Path == path).OrderBy(s => s.CreatedAt).Select(s => new HookSecretSummary(s.Id, DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedAt)))]))];
    }

    /// <summary>Makes a hook public (no API key needed) or not.</summary>
    public async Task SetPublicAsync(string path, bool isPublic, string actor, CancellationToken cancellationToken)
    {
        path = Normalize(path);
        await using var context = storage.CreateContext();
        var record = await context.HookSettings.FirstOrDefaultAsync(s => s.Path == path, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new HookSettingsRecord { Path = path };
            context.HookSettings.Add(record);
        }
        record.Public = isPublic;
        record.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        record.UpdatedBy = actor;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _cache.Clear();
    }

    /// <summary>
    /// Adds a signing secret (returned once, base64 of 32 random bytes); null if the hook already has
    /// <see cref="MaxActiveSecrets"/> (revoke the old one after senders switched).
    /// </summary>
    public async Task<(string Id, string Secret)?> AddSecretAsync(string path, CancellationToken cancellationToken)
    {
        path = Normalize(path);
        await using var context = storage.CreateContext();
        var active = await context.HookSecrets.CountAsync(s => s.Path == path && s.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (active >= MaxActiveSecrets)
        {
            return null;
        }
        var secret = "hsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var id = "hs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        context.HookSecrets.Add(new HookSecretRecord
        {
            Id = id,
            Path = path,
            EncryptedSecret = protector.Protect(secret),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _cache.Clear();
        return (id, secret);
    }

    /// <summary>Revokes a signing secret; false if no active secret has that id.</summary>
    public async Task<bool> RevokeSecretAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.HookSecrets.FirstOrDefaultAsync(s => s.Id == id && s.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }
        record.RevokedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _cache.Clear();
        return true;
    }

    /// <summary>Hook paths are compared without surrounding slashes.</summary>
    public static string Normalize(string path) => (path ?? string.Empty).Trim('/');

    private async ValueTask<HookPolicy?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (_cache.TryGetValue(path, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Policy;
        }
        await using var context = storage.CreateContext();
        var settings = await context.HookSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Path == path, cancellationToken).ConfigureAwait(false);
        var secrets = await context.HookSecrets.AsNoTracking().Where(s => s.Path == path && s.RevokedAt == null)
            .OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        HookPolicy? policy = settings is null && secrets.Count == 0
            ? null
            : new HookPolicy(path, settings?.Public ?? false, [.. secrets.Select(s => new HookSigningSecret(s.Id, System.Text.Encoding.UTF8.GetBytes(protector.Unprotect(s.EncryptedSecret))))]);
        _cache[path] = (policy, now + (long)(CacheLifetime.TotalSeconds * clock.TimestampFrequency));
        return policy;
    }
}
