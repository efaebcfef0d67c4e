namespace OmsFlow.Workflows.Validation;

/// <summary>Turns a source path such as <c>steps.check.inputs.condition</c> into the step and field a problem names.</summary>
internal static class ProblemPaths
{
    public static (string? Step, string? Field) Split(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return (null, null);
        }
        if (!path.StartsWith("steps.", StringComparison.Ordinal))
        {
            return (null, path);
        }
        var rest = path["steps.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (rest, null) : (rest[..dot], rest[(dot + 1)..]);
    }

    public static string Step(string step) => "steps." + step;

    public static string Step(string step, string field) => $"steps.{step}.{field}";
}
