using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Hooks;

/// <summary>
/// <c>POST /hooks/{path}</c> starts the workflow whose hook trigger has that path;
/// <c>POST /hooks/{path}/{key}</c> resumes the instance waiting on hook <c>path</c> with correlation key <c>key</c>
/// (or buffers the call for a running instance that waits on it later: <see cref="PendingHookBuffer"/>).
/// </summary>
internal static class HookEndpoints
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/{**path}", HandleAsync)
            .WithTags("Hooks")
            .WithSummary("Start a workflow by its hook trigger, or resume an instance waiting on a hook.")
            .WithDescription("Starts answer 202 with the instance id once the start is committed (or 200 with its outputs when ?wait=true and it " +
                "finished in time); resumes answer 200. Send Idempotency-Key to make retries safe (same key and body: the first answer again; " +
                "other body: 422; still running: 409). Hooks with secrets need webhook-id, webhook-timestamp and webhook-signature headers. " +
                "An admin can make a hook public (no key needed).")
            .Produces(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status200OK)
            // The handler checks the role itself: an admin can make a hook public.
            .WithMetadata(new DocumentedAccess(AccessPolicies.CallHooks))
            .DisableAntiforgery()
            .AllowAnonymous();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string path, HttpContext http, HookSecurity security, IdempotencyStore idempotency, TimeProvider clock,
        HookRouter router, WorkflowEngine engine, InstanceWaiter waiter, IExpressionEvaluator expressions, IEnumerable<HookContract> contracts,
        PendingHookBuffer pending, bool? wait, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var policy = await security.ResolveAsync(path, cancellationToken).ConfigureAwait(false);
        if (!policy.Public && HookAccess.Check(http) is { } denied)
        {
            return denied;
        }
        var (raw, body, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true).ConfigureAwait(false);
        if (problem?.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return problem;
        }
        // The signature is checked on the raw bytes before anything is parsed or stored.
        if (policy.Secrets.Count > 0 && HookSignature.Verify(request.Headers, raw, policy.Secrets, clock.GetUtcNow()) is { } badSignature)
        {
            return badSignature;
        }
        if (problem is not null)
        {
            return problem;
        }
        var contract = contracts.FirstOrDefault(c => c.Matches(path));
        if (contract is not null && contract.Check(body!) is { Count: > 0 } wrong)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid payload",
                $"The body does not match the /hooks/{contract.Path} contract: {string.Join("; ", wrong.Select(w => $"{w.Field} {w.Message}"))}",
                wrong[0].Field, new Dictionary<string, object?> { ["errors"] = wrong.GroupBy(w => w.Field).ToDictionary(g => g.Key, g => g.Select(w => w.Message).ToArray()) });
        }
        var key = request.Headers[IdempotentHookResponse.Header].ToString();
        if (key.Length == 0)
        {
            return await ProcessAsync(path, body!, http.User.KeyId(), contract, router, engine, waiter, expressions, pending, wait, timeoutSeconds, cancellationToken).ConfigureAwait(false);
        }
        if (IdempotentHookResponse.ValidateKey(key) is { } badKey)
        {
            return badKey;
        }
        var scope = http.User.KeyId() ?? "public";
        var hash = IdempotencyStore.RequestHash(request.Method, request.Path + request.QueryString, raw);
        var (decision, stored) = await idempotency.BeginAsync(scope, key, hash, cancellationToken).ConfigureAwait(false);
        switch (decision)
        {
            case IdempotencyDecision.Replay:
                return IdempotentHookResponse.Replay(stored!);
            case IdempotencyDecision.Mismatch:
                return Problems.Unprocessable(
                    $"Idempotency-Key '{key}' was already used for a different request (other path or body). Use a new key for a new request.", "Idempotency-Key");
            case IdempotencyDecision.InFlight:
                return Problems.Conflict($"A request with Idempotency-Key '{key}' is still being processed; retry after it finished to get its response.");
        }
        try
        {
            var result = await ProcessAsync(path, body!, http.User.KeyId(), contract, router, engine, waiter, expressions, pending, wait, timeoutSeconds, cancellationToken).ConfigureAwait(false);
            return await IdempotentHookResponse.CaptureAsync(http, result, idempotency, scope, key).ConfigureAwait(false);
        }
        catch
        {
            await idempotency.AbandonAsync(scope, key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IResult> ProcessAsync(
        string path, JsonObject body, string? caller, HookContract? contract, HookRouter router, WorkflowEngine engine, InstanceWaiter waiter, IExpressionEvaluator expressions,
        PendingHookBuffer pending, bool? wait, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        if (await router.FindAsync(path, cancellationToken).ConfigureAwait(false) is { } route)
        {
            return await StartAsync(route, body, caller, engine, waiter, expressions, wait == true, timeoutSeconds, cancellationToken).ConfigureAwait(false);
        }
        string hookPath, key;
        if (contract?.ResumeKey?.Invoke(body) is { Length: > 0 } keyInBody)
        {
            (hookPath, key) = (HookRouter.Normalize(path), keyInBody);
        }
        else
        {
            var slash = path.TrimEnd('/').LastIndexOf('/');
            if (slash <= 0)
            {
                return Problems.NotFound($"No published workflow has a hook trigger at /hooks/{path}.");
            }
            hookPath = path[..slash];
            key = Uri.UnescapeDataString(path[(slash + 1)..]);
        }
        return await pending.ResumeOrBufferAsync(path, hookPath, key, body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> StartAsync(
        HookRoute route, JsonObject body, string? caller, WorkflowEngine engine, InstanceWaiter waiter, IExpressionEvaluator expressions,
        bool wait, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        var input = route.Trigger.InputName is { } inputName ? new JsonObject { [inputName] = body } : body;
        string? correlationKey = null;
        if (route.Trigger.Correlation is { } correlation)
        {
            try
            {
                var scope = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["input"] = input, ["body"] = body };
                foreach (var (name, value) in input)
                {
                    scope[name] = value;
                }
                correlationKey = expressions.Evaluate(correlation.TrimStart('='), scope)?.ToString();
            }
            catch (ExpressionEvaluationException ex)
            {
                return Problems.Unprocessable($"The correlation key could not be read from the body: {ex.Message}", route.Trigger.Correlation);
            }
            if (string.IsNullOrEmpty(correlationKey))
            {
                return Problems.Unprocessable($"The body has no value for the correlation key ({correlation}).", correlation.TrimStart('='));
            }
        }
        var instanceId = Guid.CreateVersion7().ToString("N");
        var options = new StartOptions { CorrelationKey = correlationKey, RunInline = wait, InstanceId = instanceId, StartedBy = caller };
        // Registered before the start so a quick finish (a short timer fired in the background) cannot be missed.
        var ended = wait ? waiter.WhenEnded(instanceId) : null;
        InstanceOutcome started;
        try
        {
            started = await engine.StartAsync(route.Workflow.Id, input, options, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowNotFoundException ex)
        {
            waiter.Forget(instanceId);
            return Problems.NotFound(ex.Message);
        }
        if (!wait)
        {
            return TypedResults.Accepted($"/api/instances/{started.InstanceId}", new { instanceId = started.InstanceId, status = started.Status.ToString() });
        }
        var outcome = started;
        if (outcome.Status is InstanceStatus.Running or InstanceStatus.Suspended && ended is not null)
        {
            var limit = timeoutSeconds is { } s ? TimeSpan.FromSeconds(Math.Clamp(s, 0, MaxWait.TotalSeconds)) : DefaultWait;
            var finished = await Task.WhenAny(ended, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
            if (finished != ended)
            {
                waiter.Forget(outcome.InstanceId);
                return TypedResults.Accepted($"/api/instances/{outcome.InstanceId}", new { instanceId = outcome.InstanceId, status = outcome.Status.ToString() });
            }
            outcome = await ended.ConfigureAwait(false);
        }
        waiter.Forget(instanceId);
        return TypedResults.Ok(new { instanceId = outcome.InstanceId, status = outcome.Status.ToString(), outputs = outcome.Outputs, error = outcome.Error });
    }
}
