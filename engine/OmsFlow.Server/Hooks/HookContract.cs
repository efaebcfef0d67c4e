using System.Text.Json.Nodes;

namespace OmsFlow.Server.Hooks;

/// <summary>
/// What a hook path promises integrators beyond "any JSON": checks that reject a bad body with a 400 naming each wrong
/// field (before anything starts), and, for a resume hook called without a key in the URL, where the key is in the body
/// (<c>POST /hooks/shipments {orderId: ...}</c> resumes the order waiting on hook <c>shipments</c>).
/// </summary>
public sealed record HookContract(string Path, Func<JsonObject, IReadOnlyList<(string Field, string Message)>> Check, Func<JsonObject, string?>? ResumeKey = null)
{
    public bool Matches(string path) => string.Equals(HookRouter.Normalize(path), HookRouter.Normalize(Path), StringComparison.Ordinal);
}
