using System.Text.Json.Nodes;
using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>The built designer in real Chromium: sign-in, editor, problems, test run, instances and tasks.</summary>
[Collection(DesignerBrowserGroup.Name)]
public sealed class DesignerScreensTests(DesignerBrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    private async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}.png") });

    /// <summary>Waits (bounded) until the designer has sent a request matching <paramref name="path"/>.</summary>
    private static async Task<string> SentBodyAsync(IPage page, ContractApi api, string path)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var match = api.Requests.FirstOrDefault(r => r.Path == path);
            if (match.Path is not null)
            {
                return match.Body;
            }

            await page.WaitForTimeoutAsync(100);
        }

        throw new Xunit.Sdk.XunitException($"The designer never sent {path}; it sent: {string.Join(", ", api.Requests.Select(r => $"{r.Method} {r.Path}"))}");
    }

    [Fact]
    public async Task SignIn_WithValidKey_ShowsWorkflowList()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api, signedIn: false);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/");

        await page.GetByLabel("API key").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");
        await ScreenshotAsync(page, "01-sign-in");

        await page.GetByLabel("API key").FillAsync(ContractApi.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Order approval" })).ToBeVisibleAsync(Soon);
        await ScreenshotAsync(page, "02-workflows");
    }

    [Fact]
    public async Task Editor_ValidationErrorOnNode_ClickFocusesField_FixSavesDraft()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");

        var approveNode = page.Locator(".step-node[data-step='approve']");
        await Assertions.Expect(approveNode).ToBeVisibleAsync(Soon);
        await Assertions.Expect(approveNode).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-error"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5);
        await ScreenshotAsync(page, "03-editor-with-problem");

        await page.GetByRole(AriaRole.Button, new() { Name = "Input 'role' is required" }).ClickAsync();
        var roleField = page.Locator("#field-approve-inputs_role");
        await Assertions.Expect(roleField).ToBeFocusedAsync(new() { Timeout = 5_000 });
        await roleField.SelectOptionAsync("ops");

        await Assertions.Expect(page.GetByText("0 errors, 0 warnings")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(approveNode).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-error"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.")).ToBeVisibleAsync(Soon);
        Assert.Equal("ops", (string?)api.Draft["steps"]!["approve"]!["inputs"]!["role"]);
        Assert.Equal(new[] { "check", "approve", "ship", "reject", "end" }, api.Draft["steps"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(api.Draft["steps"]!["check"]!["layout"]);
        await ScreenshotAsync(page, "04-editor-fixed");
    }

    [Fact]
    public async Task Toolbox_AddsStepToCanvas_AndUndoRemovesIt()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search activities" }).FillAsync("variable");
        await Assertions.Expect(page.Locator(".tool")).ToHaveCountAsync(1);
        await page.Locator(".tool").ClickAsync();

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
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".tool", new() { HasText = "HumanTask" }).DragToAsync(page.Locator(".react-flow__pane"), new() { TargetPosition = new TargetPosition { X = 120, Y = 120 } });
        await Assertions.Expect(page.Locator(".step-node[data-step='humanTask']")).ToBeVisibleAsync(Soon);

        await page.Locator(".step-node[data-step='reject'] .react-flow__handle[data-handleid='done']")
            .DragToAsync(page.Locator(".step-node[data-step='ship'] .react-flow__handle[data-handleid='in']"));
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:done->ship")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:*->end")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        Assert.Equal("ship", (string?)api.Draft["steps"]!["reject"]!["next"]!["done"]);
        Assert.Equal("HumanTask", (string?)api.Draft["steps"]!["humanTask"]!["activity"]);
    }

    [Fact]
    public async Task Versions_DiffWithDraft_HighlightsChangedStep()
    {
        var page = await fixture.OpenAsync(new ContractApi());
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await Assertions.Expect(page.GetByText("1 error, 0 warnings")).ToBeVisibleAsync(Soon);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
        await Assertions.Expect(page.GetByText("First release")).ToBeVisibleAsync(Soon);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show diff" }).ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='approve'].change-changed")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator(".step-node.change-unchanged")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByText("1 error, 0 warnings")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "08-version-diff");
    }

    [Fact]
    public async Task LargeWorkflow_200Steps_LoadsLaidOutAndEditable()
    {
        var page = await fixture.OpenAsync(new ContractApi());
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows" })).ToBeVisibleAsync(Soon);

        // Reported, not asserted: the figure depends on the machine (issue 8 targets under 1 s).
        var clock = Stopwatch.StartNew();
        await page.EvaluateAsync("() => { window.location.hash = '#/workflows/big-flow'; }");
        await Assertions.Expect(page.Locator(".step-node[data-step='step0']")).ToBeVisibleAsync(Soon);
        clock.Stop();
        output.WriteLine($"200-step workflow: editor shown with its first node after {clock.ElapsedMilliseconds} ms (includes loading the editor chunk).");

        await Assertions.Expect(page.Locator(".react-flow__minimap-node")).ToHaveCountAsync(200, new() { Timeout = 15_000 });
        await page.Locator(".step-node[data-step='step0']").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Step name")).ToHaveValueAsync("step0");
        await ScreenshotAsync(page, "09-large-workflow");
    }

    [Fact]
    public async Task ExpressionEditor_CompletesVariablesAndWritesExpression()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await page.Locator(".step-node[data-step='check']").ClickAsync();

        var condition = page.Locator("#field-check-inputs_condition");
        await Assertions.Expect(condition).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cm-content"), new() { Timeout = 15_000 });
        await condition.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" AND to");
        var completion = page.Locator(".cm-tooltip-autocomplete");
        await Assertions.Expect(completion).ToContainTextAsync("total", new() { Timeout = 5_000 });
        await ScreenshotAsync(page, "10-expression-completion");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync(" < 5000");

        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        Assert.Equal("=total > 1000 AND total < 5000", (string?)api.Draft["steps"]!["check"]!["inputs"]!["condition"]);
    }

    [Fact]
    public async Task Publish_InvalidDraft_ShowsServerProblemsThenPublishesWhenFixed()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await page.GetByLabel("Release note").FillAsync("Approvals for large orders");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The draft has errors — Fix the problems listed and publish again.")).ToBeVisibleAsync(Soon);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.Locator(".step-node[data-step='approve']").ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "role" }).SelectOptionAsync("analyst");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Published version 2.")).ToBeVisibleAsync(Soon);
        var publish = api.Requests.Last(r => r.Path.EndsWith("/publish", StringComparison.Ordinal));
        Assert.Equal("Approvals for large orders", (string?)JsonNode.Parse(publish.Body)!["note"]);
        Assert.Equal("analyst", (string?)api.Draft["steps"]!["approve"]!["inputs"]!["role"]);
    }

    [Fact]
    public async Task WorkflowList_CreateWorkflow_SavesEmptyDraftAndOpensIt()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.SetViewportSizeAsync(1280, 720);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows");

        await page.GetByLabel("New workflow id").FillAsync("returns");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/workflows/returns$"), new() { Timeout = 15_000 });
        var created = JsonNode.Parse(api.Requests.Single(r => r.Method == "PUT" && r.Path == "/api/workflows/returns/draft").Body)!;
        Assert.Equal("returns", (string?)created["id"]);
        Assert.Empty(created["steps"]!.AsObject());
    }

    [Fact]
    public async Task Canvas_KeyboardOnly_SelectsStepAndRoutesOutcome()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".react-flow__node[data-id='reject']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByLabel("Step name")).ToHaveValueAsync("reject");

        await page.GetByLabel("On done").FocusAsync();
        await page.GetByLabel("On done").SelectOptionAsync("ship");
        await Assertions.Expect(page.GetByTestId("rf__edge-reject:done->ship")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        Assert.Equal("ship", (string?)api.Draft["steps"]!["reject"]!["next"]!["done"]);
    }

    [Fact]
    public async Task Canvas_DeleteSelectedStep_RemovesItAndTransitionsIntoIt()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.Locator(".step-node[data-step='reject']").ClickAsync();
        await page.Keyboard.PressAsync("Delete");

        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("rf__edge-approve:rejected->reject")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(page.GetByText(new System.Text.RegularExpressions.Regex("Draft saved"))).ToBeVisibleAsync(Soon);
        Assert.Null(api.Draft["steps"]!["reject"]);
        Assert.Equal("{\"approved\":\"ship\"}", api.Draft["steps"]!["approve"]!["next"]!.ToJsonString());
    }

    [Fact]
    public async Task TestRun_DrawsPathTakenAndWaitingStep()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/workflows/order-approval");
        await Assertions.Expect(page.Locator(".step-node")).ToHaveCountAsync(5, new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Test run" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run test" }).ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='check'].run-done")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator(".step-node[data-step='approve'].run-waiting")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".react-flow__edge.edge-taken")).ToHaveCountAsync(1);
        var run = api.Requests.Single(r => r.Path.EndsWith("/test-run", StringComparison.Ordinal));
        Assert.Equal("order-approval", (string?)JsonNode.Parse(run.Body)!["definition"]!["id"]);
        await ScreenshotAsync(page, "05-test-run");
    }

    [Fact]
    public async Task InstanceView_ShowsPathAndJournal()
    {
        var page = await fixture.OpenAsync(new ContractApi());
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/instances");
        await page.GetByRole(AriaRole.Link, new() { Name = "inst-1" }).ClickAsync();

        await Assertions.Expect(page.Locator(".step-node[data-step='approve'].run-waiting")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.GetByText("Waiting for")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".journal-entry")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".react-flow__edge.edge-taken")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve order SO-1001 (2,400.00 EUR)" })).ToBeVisibleAsync(Soon);
        await ScreenshotAsync(page, "06-instance");
    }

    [Fact]
    public async Task TaskInbox_ApproveWithComment_PostsOutcome()
    {
        var api = new ContractApi();
        var page = await fixture.OpenAsync(api);
        await page.GotoAsync($"{DesignerBrowserFixture.Origin}/#/tasks");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve order SO-1001 (2,400.00 EUR)" })).ToBeVisibleAsync(Soon);
        await ScreenshotAsync(page, "07-tasks");
        await page.GetByLabel("Comment").FillAsync("Known customer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approved" }).ClickAsync();

        var completion = JsonNode.Parse(await SentBodyAsync(page, api, "/api/tasks/task-1/complete"))!;
        Assert.Equal("approved", (string?)completion["outcome"]);
        Assert.Equal("Known customer", (string?)completion["comment"]);
    }
}
