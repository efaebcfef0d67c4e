using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>
/// Answers the designer's /api calls inside the browser (Playwright routing) with responses shaped exactly like the
/// server contract, so the built SPA can be driven in real Chromium before the server serves the API.
/// It records what the designer sent so tests can assert on it. Test-only: the shipped designer has no such path.
/// </summary>
public sealed class ContractApi
{
    public const string ApiKey = "test-admin-key";

    private readonly ConcurrentQueue<(string Method, string Path, string Body)> _requests = new();

    public JsonObject Draft { get; private set; } = ApprovalWorkflow(withRole: false);

    public IReadOnlyCollection<(string Method, string Path, string Body)> Requests => _requests;

    public static JsonObject ApprovalWorkflow(bool withRole) => new()
    {
        ["id"] = "order-approval",
        ["name"] = "Order approval",
        ["inputs"] = new JsonObject { ["orderId"] = new JsonObject { ["type"] = "string", ["required"] = true } },
        ["variables"] = new JsonObject { ["total"] = new JsonObject { ["type"] = "decimal", ["default"] = 0 } },
        ["start"] = "check",
        ["steps"] = new JsonObject
        {
            ["check"] = new JsonObject
            {
                ["activity"] = "If",
                ["inputs"] = new JsonObject { ["condition"] = "=total > 1000" },
                ["next"] = new JsonObject { ["true"] = "approve", ["false"] = "ship" },
            },
            ["approve"] = new JsonObject
            {
                ["activity"] = "HumanTask",
                ["inputs"] = withRole ? new JsonObject { ["role"] = "ops" } : new JsonObject(),
                ["next"] = new JsonObject { ["approved"] = "ship", ["rejected"] = "reject" },
            },
            ["ship"] = new JsonObject { ["activity"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "status", ["value"] = "shipped" }, ["next"] = "end" },
            ["reject"] = new JsonObject { ["activity"] = "SetVariable", ["inputs"] = new JsonObject { ["name"] = "status", ["value"] = "rejected" }, ["next"] = "end" },
            ["end"] = new JsonObject { ["activity"] = "End" },
        },
    };

    /// <summary>Returns (status, JSON body) for one request; 404 ProblemDetails for anything outside the contract.</summary>
    public (int Status, string Body) Handle(string method, string pathAndQuery, string? authorization, string body)
    {
        _requests.Enqueue((method, pathAndQuery, body));
        if (authorization != $"Bearer {ApiKey}")
        {
            return (401, Problem(401, "Unauthorized", "Send a valid API key as a Bearer token."));
        }

        var path = pathAndQuery.Split('?')[0];
        switch (method, path)
        {
            case ("GET", "/api/me"):
                return (200, new JsonObject { ["name"] = "Test admin", ["roles"] = new JsonArray("admin") }.ToJsonString());
            case ("GET", "/api/activities"):
                return (200, Activities().ToJsonString());
            case ("GET", "/api/workflows"):
                return (200, new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "order-approval", ["name"] = "Order approval", ["description"] = "Approves large orders",
                        ["publishedVersion"] = 1, ["latestVersion"] = 1, ["hasDraft"] = true, ["updatedAt"] = "2026-11-23T09:00:00Z",
                    }),
                }.ToJsonString());
            case ("GET", "/api/workflows/order-approval"):
                return (200, new JsonObject
                {
                    ["id"] = "order-approval", ["name"] = "Order approval", ["publishedVersion"] = 1, ["latestVersion"] = 1,
                    ["hasDraft"] = true, ["draft"] = Draft.DeepClone(), ["published"] = ApprovalWorkflow(withRole: true),
                }.ToJsonString());
            case ("GET", "/api/workflows/big-flow"):
                return (200, new JsonObject
                {
                    ["id"] = "big-flow", ["name"] = "Big flow", ["publishedVersion"] = null, ["latestVersion"] = null,
                    ["hasDraft"] = true, ["draft"] = BigWorkflow(200), ["published"] = null,
                }.ToJsonString());
            case ("GET", "/api/workflows/order-approval/versions"):
                return (200, new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["version"] = 1, ["publishedAt"] = "2026-11-20T10:00:00Z", ["publishedBy"] = "ops", ["note"] = "First release", ["hash"] = "abc",
                    }),
                }.ToJsonString());
            case ("GET", "/api/workflows/order-approval/versions/1"):
                return (200, ApprovalWorkflow(withRole: true).ToJsonString());
            case ("POST", "/api/workflows/validate"):
                return (200, new JsonObject { ["problems"] = Validate(JsonNode.Parse(body)!.AsObject()) }.ToJsonString());
            case ("PUT", "/api/workflows/order-approval/draft"):
                Draft = JsonNode.Parse(body)!.AsObject();
                return (200, new JsonObject { ["problems"] = Validate(Draft) }.ToJsonString());
            case ("POST", "/api/workflows/order-approval/publish"):
                var invalid = Validate(Draft);
                return invalid.Count > 0
                    ? (422, new JsonObject
                    {
                        ["type"] = "about:blank", ["title"] = "The draft has errors", ["status"] = 422,
                        ["detail"] = "Fix the problems listed and publish again.", ["problems"] = invalid,
                    }.ToJsonString())
                    : (200, new JsonObject { ["version"] = 2 }.ToJsonString());
            case ("PUT", _) when path.StartsWith("/api/workflows/", StringComparison.Ordinal) && path.EndsWith("/draft", StringComparison.Ordinal):
                return (200, new JsonObject { ["problems"] = new JsonArray() }.ToJsonString());
            case ("POST", "/api/workflows/order-approval/test-run"):
                return (200, TestRun().ToJsonString());
            case ("GET", "/api/instances"):
                return (200, new JsonObject
                {
                    ["items"] = new JsonArray(InstanceSummary()), ["total"] = 1, ["page"] = 1, ["pageSize"] = 50,
                }.ToJsonString());
            case ("GET", "/api/instances/inst-1"):
                var instance = InstanceSummary();
                instance["input"] = new JsonObject { ["orderId"] = "SO-1001" };
                instance["variables"] = new JsonObject { ["total"] = 2400 };
                instance["outputs"] = new JsonObject();
                instance["bookmarks"] = new JsonArray(new JsonObject
                {
                    ["id"] = "b1", ["kind"] = "task", ["name"] = "approve", ["step"] = "approve", ["correlationKey"] = "SO-1001", ["dueAt"] = null, ["payload"] = null,
                });
                instance["incidents"] = new JsonArray();
                return (200, instance.ToJsonString());
            case ("GET", "/api/instances/inst-1/journal"):
                return (200, new JsonObject { ["items"] = Journal() }.ToJsonString());
            case ("GET", "/api/tasks"):
                return (200, new JsonObject
                {
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "task-1", ["instanceId"] = "inst-1", ["workflowId"] = "order-approval", ["step"] = "approve", ["role"] = "ops",
                        ["title"] = "Approve order SO-1001 (2,400.00 EUR)",
                        ["form"] = new JsonArray(new JsonObject { ["name"] = "reason", ["label"] = "Reason", ["type"] = "string", ["required"] = false }),
                        ["outcomes"] = new JsonArray("approved", "rejected"), ["createdAt"] = "2026-11-23T09:05:00Z", ["dueAt"] = null, ["correlationKey"] = "SO-1001",
                    }),
                }.ToJsonString());
            case ("POST", "/api/tasks/task-1/complete"):
                return (204, string.Empty);
            default:
                return (404, Problem(404, "Not Found", $"{method} {path} is not part of the contract."));
        }
    }

    /// <summary>A branching workflow of <paramref name="stepCount"/> steps without saved layout (the designer lays it out).</summary>
    public static JsonObject BigWorkflow(int stepCount)
    {
        var steps = new JsonObject();
        for (var i = 0; i < stepCount; i++)
        {
            JsonNode? next = i + 2 < stepCount
                ? new JsonObject { ["true"] = $"step{i + 1}", ["false"] = $"step{i + 2}" }
                : i + 1 < stepCount ? JsonValue.Create($"step{i + 1}") : null;
            var step = new JsonObject { ["activity"] = "If", ["inputs"] = new JsonObject { ["condition"] = $"=total > {i}" } };
            if (next is not null)
            {
                step["next"] = next;
            }

            steps[$"step{i}"] = step;
        }

        return new JsonObject { ["id"] = "big-flow", ["name"] = "Big flow", ["start"] = "step0", ["steps"] = steps };
    }

    private static string Problem(int status, string title, string detail) =>
        new JsonObject { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail }.ToJsonString();

    /// <summary>The one rule the browser tests exercise: HumanTask needs a role.</summary>
    private static JsonArray Validate(JsonObject doc)
    {
        var problems = new JsonArray();
        foreach (var (name, step) in doc["steps"]!.AsObject())
        {
            if ((string?)step!["activity"] == "HumanTask" && step["inputs"]?["role"] is null)
            {
                problems.Add(new JsonObject
                {
                    ["code"] = "missing-input", ["message"] = "Input 'role' is required by HumanTask: choose the role that decides.",
                    ["severity"] = "error", ["step"] = name, ["field"] = "inputs.role", ["line"] = 14, ["column"] = 7,
                });
            }
        }

        return problems;
    }

    private static JsonArray Activities() => new(
        Activity("If", "Control flow", "Routes on a condition.", ["true", "false"], blocking: false,
            Input("condition", "bool", required: true, "Condition to test.", editor: "expression")),
        Activity("SetVariable", "Data", "Sets a workflow variable.", ["done"], blocking: false,
            Input("name", "string", required: true, "Variable to set."), Input("value", "any", required: true, "Value to store.")),
        Activity("HumanTask", "Human", "Waits for a person to approve or reject.", ["approved", "rejected", "timeout"], blocking: true,
            Input("role", "string", required: true, "Role that decides.", options: ["ops", "analyst"]),
            Input("timeout", "duration", required: false, "When to stop waiting.", editor: "duration")),
        Activity("End", "Control flow", "Ends the workflow.", [], blocking: false));

    private static JsonObject Activity(string type, string category, string description, string[] outcomes, bool blocking, params JsonObject[] inputs) => new()
    {
        ["type"] = type, ["category"] = category, ["description"] = description,
        ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
        ["dynamicOutcomes"] = false, ["blocking"] = blocking, ["inputs"] = new JsonArray(inputs),
    };

    private static JsonObject Input(string name, string type, bool required, string description, string? editor = null, string[]? options = null)
    {
        var input = new JsonObject { ["name"] = name, ["type"] = type, ["required"] = required, ["description"] = description, ["sensitive"] = false };
        if (editor is not null)
        {
            input["editor"] = editor;
        }

        if (options is not null)
        {
            input["options"] = new JsonArray(options.Select(o => (JsonNode)JsonValue.Create(o)).ToArray());
        }

        return input;
    }

    private static JsonObject InstanceSummary() => new()
    {
        ["id"] = "inst-1", ["workflowId"] = "order-approval", ["version"] = 1, ["status"] = "Suspended", ["correlationKey"] = "SO-1001",
        ["createdAt"] = "2026-11-23T09:04:00Z", ["updatedAt"] = "2026-11-23T09:05:00Z", ["activeSteps"] = new JsonArray("approve"),
    };

    /// <summary>A journal as the engine writes it: completions and suspensions, no separate "started" entries.</summary>
    private static JsonArray Journal() => new(
        new JsonObject
        {
            ["seq"] = 1, ["timestamp"] = "2026-11-23T09:04:00Z", ["step"] = null, ["activity"] = null, ["kind"] = "instanceStarted",
            ["outcome"] = null, ["input"] = new JsonObject { ["orderId"] = "SO-1001" }, ["output"] = null, ["error"] = null, ["attempt"] = 0,
        },
        Entry(2, "check", "If", "completed", "true"),
        Entry(3, "approve", "HumanTask", "suspended", null));

    private static JsonObject Entry(int seq, string step, string activity, string kind, string? outcome) => new()
    {
        ["seq"] = seq, ["timestamp"] = $"2026-11-23T09:04:0{seq}Z", ["step"] = step, ["activity"] = activity, ["kind"] = kind,
        ["outcome"] = outcome, ["input"] = new JsonObject { ["orderId"] = "SO-1001" }, ["output"] = null, ["error"] = null, ["attempt"] = 1,
    };

    private static JsonObject TestRun() => new()
    {
        ["status"] = "Suspended",
        ["outputs"] = new JsonObject(),
        ["variables"] = new JsonObject { ["total"] = 2400 },
        ["journal"] = Journal(),
        ["bookmarks"] = new JsonArray(new JsonObject
        {
            ["id"] = "b1", ["kind"] = "task", ["name"] = "approve", ["step"] = "approve", ["correlationKey"] = null, ["dueAt"] = null, ["payload"] = null,
        }),
        ["incidents"] = new JsonArray(),
    };
}
