using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmsFlow.Designer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>The designer in real Chromium against the real server: sign-in, editor, problems, versions, test run.</summary>
[Collection(DesignerBrowserGroup.Name)]
public sealed class DesignerScreensTests(DesignerBrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    private DesignerServer Server => fixture.Server;

    /// <summary>Each test works on its own workflow, so tests sharing the server never see each other's edits.</summary>
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private Task ScreenshotAsync(IPage page, string name) => fixture.ScreenshotAsync(page, name);

    private async Task<string> SeedApprovalAsync(bool withRole, decimal total = 0)
    {
        var id = NewId("approval");
        await SeedWorkflows.SaveDraftAsync(Server, SeedWorkflows.Approval(id, withRole, total));
        return id;
    }

    [Fact]
    public async Task SignIn_WithValidKey_ShowsWorkflowList()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync(apiKey: null);
        await page.GotoAsync("/");

        await page.GetByLabel("API key").FillAsync("omsf_wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted", new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "01-sign-in");

        await page.GetByLabel("API key").FillAsync(DesignerServer.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = id })).ToBeVisibleAsync(Soon);
        await ScreenshotAsync(page, "02-workflows");
    }

    [Fact]
    public async Task Editor_ValidationErrorOnNode_ClickFocusesField_FixSavesDraft()
    {
        var id = await SeedApprovalAsync(withRole: false);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");

        var approveNode = page.Locator(".step-node[data-step='approve']");
        await Assertions.Expect(approveNode).ToBeVisibleAsync(Soon);
        await Assertions.Expect(approveNode).ToHaveClassAsync(new Regex("has-error"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5);
        await ScreenshotAsync(page, "03-editor-with-problem");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("HumanTask needs input 'role'") }).ClickAsync();
        var roleField = page.Locator("#field-approve-inputs_role");
        await Assertions.Expect(roleField).ToBeFocusedAsync(new() { Timeout = 5_000 });
        await roleField.FillAsync("ops");

        await Assertions.Expect(page.GetByText("0 errors, 0 warnings")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(approveNode).Not.ToHaveClassAsync(new Regex("has-error"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.")).ToBeVisibleAsync(Soon);
        var draft = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Equal("ops", (string?)draft["steps"]!["approve"]!["inputs"]!["role"]);
        Assert.Equal(new[] { "check", "approve", "ship", "reject", "end" }, draft["steps"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(draft["steps"]!["check"]!["layout"]);
        await ScreenshotAsync(page, "04-editor-fixed");
    }

    [Fact]
    public async Task Toolbox_AddsStepToCanvas_AndUndoRemovesIt()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search activities" }).FillAsync("SetVariable");
        await page.Locator(".tool", new() { HasText = "SetVariable" }).First.ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='setVariable']")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.GetByLabel("Step name")).ToHaveValueAsync("setVariable");
        await page.SetViewportSizeAsync(1280, 720);
        await ScreenshotAsync(page, "11-editor-laptop");
        await page.Locator(".canvas").First.ClickAsync(new() { Position = new Position { X = 20, Y = 20 } });
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(page.Locator(".step-node[data-step='setVariable']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Canvas_DragFromToolboxAndConnectPorts_EditsTheDraft()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".tool", new() { HasText = "HumanTask" }).DragToAsync(page.Locator(".react-flow__pane"), new() { TargetPosition = new TargetPosition { X = 120, Y = 120 } });
        await Assertions.Expect(page.Locator(".step-node[data-step='humanTask']")).ToBeVisibleAsync(Soon);

        await page.Locator(".step-node[data-step='reject'] .react-flow__handle[data-handleid='done']")
            .DragToAsync(page.Locator(".step-node[data-step='ship'] .react-flow__handle[data-handleid='in']"));
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:done->ship")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:*->end")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        var draft = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Equal("ship", (string?)draft["steps"]!["reject"]!["next"]!["done"]);
        Assert.Equal("HumanTask", (string?)draft["steps"]!["humanTask"]!["activity"]);
    }

    [Fact]
    public async Task Versions_DiffWithDraft_HighlightsChangedStep()
    {
        var id = NewId("versions");
        await SeedWorkflows.SaveDraftAsync(Server, SeedWorkflows.Approval(id, withRole: true));
        await SeedWorkflows.PublishAsync(Server, id, "First release");
        await SeedWorkflows.SaveDraftAsync(Server, SeedWorkflows.Approval(id, withRole: false));
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await Assertions.Expect(page.GetByText("1 error, 0 warnings")).ToBeVisibleAsync(Soon);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
        await Assertions.Expect(page.GetByText("First release")).ToBeVisibleAsync(Soon);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show diff" }).ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='approve'].change-changed")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator(".step-node.change-unchanged")).ToHaveCountAsync(4);
        await ScreenshotAsync(page, "08-version-diff");
    }

    [Fact]
    public async Task LargeWorkflow_200Steps_LoadsLaidOutAndEditable()
    {
        var id = NewId("big-flow");
        await SeedWorkflows.SaveDraftAsync(Server, SeedWorkflows.Chain(id, 200));
        var page = await fixture.OpenAsync();
        await page.GotoAsync("/#/workflows");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows" })).ToBeVisibleAsync(Soon);

        // Reported, not asserted: the figure depends on the machine (issue 8 targets under 1 s).
        var clock = Stopwatch.StartNew();
        await page.EvaluateAsync($"() => {{ window.location.hash = '#/workflows/{id}'; }}");
        await Assertions.Expect(page.Locator(".step-node[data-step='step0']")).ToBeVisibleAsync(Soon);
        clock.Stop();
        output.WriteLine($"200-step workflow: editor shown with its first node after {clock.ElapsedMilliseconds} ms (includes the API call and loading the editor chunk).");

        await Assertions.Expect(page.Locator(".react-flow__minimap-node")).ToHaveCountAsync(200, new() { Timeout = 15_000 });
        await page.Locator(".step-node[data-step='step0']").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Step name")).ToHaveValueAsync("step0");
        await ScreenshotAsync(page, "09-large-workflow");
    }

    [Fact]
    public async Task ExpressionEditor_CompletesVariablesAndWritesExpression()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await page.Locator(".step-node[data-step='check']").ClickAsync();

        var condition = page.Locator("#field-check-inputs_condition");
        await Assertions.Expect(condition).ToHaveClassAsync(new Regex("cm-content"), new() { Timeout = 15_000 });
        await condition.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" AND to");
        var completion = page.Locator(".cm-tooltip-autocomplete");
        await Assertions.Expect(completion).ToContainTextAsync("total", new() { Timeout = 5_000 });
        await ScreenshotAsync(page, "10-expression-completion");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync(" < 5000");

        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        var draft = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Equal("=total > 1000 AND total < 5000", (string?)draft["steps"]!["check"]!["inputs"]!["condition"]);
    }

    [Fact]
    public async Task Publish_InvalidDraft_ShowsServerProblemsThenPublishesWhenFixed()
    {
        var id = await SeedApprovalAsync(withRole: false);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await page.GetByLabel("Release note").FillAsync("Approvals for large orders");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex($"Workflow '{id}' was not published: .*role"))).ToBeVisibleAsync(Soon);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await page.Locator(".step-node[data-step='approve']").ClickAsync();
        await page.Locator("#field-approve-inputs_role").FillAsync("analyst");
        await Assertions.Expect(page.GetByText("0 errors, 0 warnings")).ToBeVisibleAsync(Soon);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Published version 1.")).ToBeVisibleAsync(Soon);
        var versions = await Server.GetJsonAsync($"/api/workflows/{id}/versions");
        Assert.Equal("Approvals for large orders", (string?)versions["items"]![0]!["note"]);
        var published = (await Server.GetJsonAsync($"/api/workflows/{id}"))["published"]!;
        Assert.Equal("analyst", (string?)published["steps"]!["approve"]!["inputs"]!["role"]);
    }

    [Fact]
    public async Task WorkflowList_CreateWorkflow_SavesEmptyDraftAndOpensIt()
    {
        var id = NewId("returns");
        var page = await fixture.OpenAsync(width: 1280, height: 720);
        await page.GotoAsync("/#/workflows");

        await page.GetByLabel("New workflow id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/workflows/{id}$"), new() { Timeout = 15_000 });
        var created = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Equal(id, (string?)created["id"]);
        Assert.Empty(created["steps"]!.AsObject());
    }

    [Fact]
    public async Task Canvas_KeyboardOnly_SelectsStepAndRoutesOutcome()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".react-flow__node[data-id='reject']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByLabel("Step name")).ToHaveValueAsync("reject");

        await page.GetByLabel("On done").FocusAsync();
        await page.GetByLabel("On done").SelectOptionAsync("ship");
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:done->ship")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        var draft = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Equal("ship", (string?)draft["steps"]!["reject"]!["next"]!["done"]);
    }

    [Fact]
    public async Task Canvas_DeleteSelectedStep_RemovesItAndTransitionsIntoIt()
    {
        var id = await SeedApprovalAsync(withRole: true);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".step-node[data-step='reject']").ClickAsync();
        await page.Keyboard.PressAsync("Delete");

        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("rf__edge-approve:reject->reject")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        var draft = await SeedWorkflows.DraftAsync(Server, id);
        Assert.Null(draft["steps"]!["reject"]);
        Assert.Equal("{\"approve\":\"ship\"}", draft["steps"]!["approve"]!["next"]!.ToJsonString());
    }

    [Fact]
    public async Task TestRun_DrawsPathTakenAndWaitingStep()
    {
        var id = await SeedApprovalAsync(withRole: true, total: 2400);
        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Test run" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run test" }).ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='check'].run-done")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator(".step-node[data-step='approve'].run-waiting")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".react-flow__edge.edge-taken")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "05-test-run");
    }
}
