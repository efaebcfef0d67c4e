using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Hooks;

/// <summary>What to do with a request carrying an <c>Idempotency-Key</c>.</summary>
public enum IdempotencyDecision
{
    /// <summary>First time: run it, then <see cref="IdempotencyStore.CompleteAsync"/> or <see cref="IdempotencyStore.AbandonAsync"/>.</summary>
    Proceed,

    /// <summary>Done before with the same request: send the stored response again.</summary>
    Replay,

    /// <summary>The key was used for a different request (422).</summary>
    Mismatch,

    /// <summary>The first request with this key is still running (409).</summary>
    InFlight,
}

/// <summary>
/// Stores the first response per (caller, Idempotency-Key) in the database, so retries get the same answer
/// also after a restart. A 5xx or a crash does not stick: the key can be used again.
/// </summary>
/// <remarks>
/// Keys are kept for <c>Hooks:IdempotencyRetention</c> (default 24 h); an entry left in flight by a crash is taken
/// over after <see cref="InFlightLease"/>, longer than the longest synchronous hook wait.
/// </remarks>
public sealed class IdempotencyStore(OmsFlowStorage storage, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>After this, an entry still marked in flight is considered abandoned by a crashed request.</summary>
    public static readonly TimeSpan InFlightLease = TimeSpan.FromMinutes(3);

    private readonly TimeSpan _retention = configuration.GetValue("Hooks:IdempotencyRetention", TimeSpan.FromHours(24));

    /// <summary>Hex SHA-256 of what makes two requests "the same": method, path with query, and raw body.</summary>
    public static string RequestHash(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(method + " " + pathAndQuery + "\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Claims the key for this request, or says why not (with the stored entry for replays).</summary>
    public async Task<(IdempotencyDecision Decision, IdempotencyRecord? Stored)> BeginAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var context = storage.CreateContext();
            var existing = await context.IdempotencyKeys.FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                context.IdempotencyKeys.Add(new IdempotencyRecord { Scope = scope, Key = key, RequestHash = requestHash, State = "in_flight", CreatedAt = now });
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return (IdempotencyDecision.Proceed, null);
                }
                catch (DbUpdateException)
                {
                    // Another request with the same key inserted first: look again.
                    continue;
                }
            }
            var expired = existing.State == "done"
                ? now - existing.CreatedAt > _retention.TotalMilliseconds
                : now - existing.CreatedAt > InFlightLease.TotalMilliseconds;
            if (expired)
            {
                existing.RequestHash = requestHash;
                existing.State = "in_flight";
                existing.CreatedAt = now;
                existing.CompletedAt = null;
                existing.ResponseBody = null;
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return (IdempotencyDecision.Proceed, null);
            }
            if (!string.Equals(existing.RequestHash, requestHash, StringComparison.Ordinal))
            {
                return (IdempotencyDecision.Mismatch, existing);
            }
            return existing.State == "done" ? (IdempotencyDecision.Replay, existing) : (IdempotencyDecision.InFlight, existing);
        }
        return (IdempotencyDecision.InFlight, null);
    }

    /// <summary>Stores the response that retries will get.</summary>
    public async Task CompleteAsync(string scope, string key, int status, string? contentType, string? location, string body, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var record = await context.IdempotencyKeys.FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return;
        }
        record.State = "done";
        record.ResponseStatus = status;
        record.ResponseContentType = contentType;
        record.ResponseLocation = location;
        record.ResponseBody = body;
        record.CompletedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes finished entries older than the retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)_retention.TotalMilliseconds;
        await using var context = storage.CreateContext();
        return await context.IdempotencyKeys.Where(r => r.State == "done" && r.CreatedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the key after a failure nobody should replay (5xx, exception).</summary>
    public async Task AbandonAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        await context.IdempotencyKeys.Where(r => r.Scope == scope && r.Key == key && r.State == "in_flight")
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
