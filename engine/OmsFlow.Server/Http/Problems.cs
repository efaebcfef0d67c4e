using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OmsFlow.Server.Http;

/// <summary>RFC 9457 problem responses that name what was wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string title, string detail, string? field = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult BadRequest(string detail, string? field = null) => Of(StatusCodes.Status400BadRequest, "Bad request", detail, field);

    public static ProblemHttpResult Unprocessable(string detail, string? field = null, IDictionary<string, object?>? extensions = null)
        => Of(StatusCodes.Status422UnprocessableEntity, "Unprocessable request", detail, field, extensions);
}
