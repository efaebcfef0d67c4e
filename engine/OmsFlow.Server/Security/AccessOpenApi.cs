using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OmsFlow.Server.Security;

/// <summary>
/// Marks an endpoint that checks its access policy itself (the hooks: a hook can be made public, so the policy is
/// enforced in the handler), so the OpenAPI document still names the roles it needs.
/// </summary>
public sealed record DocumentedAccess(string Policy);

/// <summary>
/// Completes <c>/openapi/v1.json</c> with what the endpoint metadata knows but the generator does not show: the API-key
/// security scheme, the roles each operation admits (in its description and as <c>x-omsflow-roles</c>), and the
/// RFC 9457 ProblemDetails answers (401, 403, 429 and any other error).
/// </summary>
internal static class AccessOpenApi
{
    public const string SchemeName = "ApiKey";

    public const string RolesExtension = "x-omsflow-roles";

    private const string ProblemSchema = "ProblemDetails";

    private const string ProblemMediaType = "application/problem+json";

    public static IServiceCollection AddOmsFlowOpenApi(this IServiceCollection services)
        => services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An OmsFlow API key: 'Authorization: Bearer <key>' (or the header 'X-Api-Key: <key>'). Admins create keys with POST /api/keys.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
                document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policy = metadata.OfType<DocumentedAccess>().LastOrDefault()?.Policy
            ?? metadata.OfType<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() && policy is null;
        operation.Responses ??= new OpenApiResponses();
        if (!anonymous)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            Problem(operation, context, "401", "No API key, or a key that is not valid or was revoked.");
        }
        if (policy is not null && AccessPolicies.Table.TryGetValue(policy, out var roles))
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
            var line = $"Roles: {string.Join(", ", roles)}.";
            if (policy == AccessPolicies.ReadInstances)
            {
                line += " " + OwnOnly;
                if (NamesOneInstance(context))
                {
                    Problem(operation, context, "404", "It does not exist, or an integrator key asked for what another key started (the answers are the same).");
                }
            }
            operation.Description = string.IsNullOrEmpty(operation.Description) ? line : $"{line}\n\n{operation.Description}";
            Problem(operation, context, "403", $"The key's roles do not include one of: {string.Join(", ", roles)}.");
        }
        else if (!anonymous)
        {
            operation.Description = string.IsNullOrEmpty(operation.Description) ? "Roles: any valid key." : $"Roles: any valid key.\n\n{operation.Description}";
        }
        if (!context.Description.RelativePath?.StartsWith("health", StringComparison.Ordinal) ?? true)
        {
            Problem(operation, context, "429", "The key (or, without a key, the address) sent more than its rate limit; retry after the Retry-After seconds.");
        }
        Problem(operation, context, "default", "Any other error (400, 404, 409, 413, 422, ...): what is wrong, the field or line:column, and what to do.");
    }

    /// <summary>What <see cref="InstanceVisibility"/> does to an integrator key, said on every operation it applies to.</summary>
    private const string OwnOnly = "An integrator key reads only what it started: its instances (and their children), their orders and documents; lists leave the rest out.";

    /// <summary>True when the operation reads one instance, order or document (by route id or <c>?instanceId=</c>), so it can answer 404 for one that is hidden.</summary>
    private static bool NamesOneInstance(OpenApiOperationTransformerContext context)
        => context.Description.ParameterDescriptions.Any(p =>
            p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path || string.Equals(p.Name, "instanceId", StringComparison.OrdinalIgnoreCase));

    private static void Problem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemMediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }

    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong and what to do.",
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI identifying the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Short summary of the kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "This occurrence: what is wrong and what to do." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request the problem is about." },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The field, header or expression at fault, when there is one." },
            ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Per-field messages, when several fields are wrong." },
        },
    };
}
