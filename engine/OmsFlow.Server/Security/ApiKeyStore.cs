using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Security;

/// <summary>A caller identified by its API key.</summary>
/// <param name="Id">Public key id, e.g. <c>k_3f9a1c2b</c>.</param>
/// <param name="Name">Who uses the key.</param>
/// <param name="Roles">Roles the key holds.</param>
public sealed record ApiKeyIdentity(string Id, string Name, IReadOnlyList<string> Roles);

/// <summary>A key as listed to admins: everything but the key itself, which is never stored.</summary>
public sealed record ApiKeySummary(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>
/// Creates, finds and revokes API keys. Keys are 256 random bits, stored as SHA-256 hashes (a fast hash is
/// enough for keys with that much entropy) and looked up through a short-lived cache so a hook call costs no query.
/// </summary>
public sealed class ApiKeyStore(OmsFlowStorage storage, TimeProvider clock)
{
    /// <summary>Prefix of every key, so leaked keys are easy to recognise by secret scanners.</summary>
    public const string KeyPrefix = "omsf_";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, long ExpiresAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Hex SHA-256 of a key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key.</summary>
    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The identity of a valid, unrevoked key; null otherwise.</summary>
    public async ValueTask<ApiKeyIdentity?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        var now = clock.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Identity;
        }
        await using var context = storage.CreateContext();
        var record = await context.ApiKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            _cache.TryRemove(hash, out _);
            return null;
        }
        var identity = ToIdentity(record);
        _cache[hash] = (identity, now + (long)(CacheLifetime.TotalSeconds * clock.TimestampFrequency));
        return identity;
    }

    /// <summary>Creates a key; the returned key is shown once and cannot be read again.</summary>
    public async Task<(ApiKeySummary Summary, string Key)> CreateAsync(string name, IReadOnlyList<string> roles, string? createdBy, CancellationToken cancellationToken, string? key = null)
    {
        key ??= NewKey();
        var record = new ApiKeyRecord
        {
            Id = "k_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)),
            Name = name,
            Hash = Hash(key),
            Roles = string.Join(',', roles),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            CreatedBy = createdBy,
        };
        await using var context = storage.CreateContext();
        context.ApiKeys.Add(record);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (ToSummary(record), key);
    }

    /// <summary>Every key, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var records = await context.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Select(ToSummary)];
    }

    /// <summary>Revokes a key at once (also in this process's cache); false if there is no such active key.</summary>
    public async Task<bool> RevokeAsync(string id, string? revokedBy, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }
        record.RevokedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        record.RevokedBy = revokedBy;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _cache.TryRemove(record.Hash, out _);
        return true;
    }

    /// <summary>
    /// Makes sure an admin can get in: registers the configured bootstrap key (if not yet stored), or, when no active
    /// key exists, creates an admin key and returns it so the caller can print it once.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? configuredAdminKey, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        if (!string.IsNullOrEmpty(configuredAdminKey))
        {
            var hash = Hash(configuredAdminKey);
            if (!await context.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken).ConfigureAwait(false))
            {
                await CreateAsync("bootstrap-admin", [Roles.Admin], "Auth:BootstrapAdminKey", cancellationToken, configuredAdminKey).ConfigureAwait(false);
            }
            return null;
        }
        if (await context.ApiKeys.AnyAsync(k => k.RevokedAt == null, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var (_, key) = await CreateAsync("bootstrap-admin", [Roles.Admin], "first start", cancellationToken).ConfigureAwait(false);
        return key;
    }

    private static ApiKeyIdentity ToIdentity(ApiKeyRecord record) => new(record.Id, record.Name, record.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static ApiKeySummary ToSummary(ApiKeyRecord record) => new(
        record.Id, record.Name, record.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt),
        record.CreatedBy, record.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null, record.RevokedBy);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
