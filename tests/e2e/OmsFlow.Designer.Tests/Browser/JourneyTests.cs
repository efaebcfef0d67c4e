using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>
/// Issue 8's walk through the product against the real server: build a workflow from the toolbox, see a validation
/// error on a node, fix it, publish, start an order by hook, watch it on the canvas and approve its task.
/// </summary>
[Collection(DesignerBrowserGroup.Name)]
public sealed class JourneyTests(DesignerBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task BuildPublishTriggerWatchAndApprove()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var id = $"journey-{suffix}";
        var hook = $"journey-orders-{suffix}";
        // The workflow's frame (its hook trigger and input) as an analyst would import it; its steps are built in the designer.
        var frame = new JsonObject
        {
            ["id"] = id,
            ["name"] = "Journey " + suffix,
            ["triggers"] = new JsonArray(new JsonObject { ["hook"] = hook, ["input"] = "order", ["correlation"] = "=order.id" }),
            ["inputs"] = new JsonObject { ["order"] = new JsonObject { ["type"] = "object", ["required"] = true } },
            ["steps"] = new JsonObject(),
        };
        await fixture.Server.SendAsync(HttpMethod.Put, $"/api/workflows/{id}/draft", frame.ToJsonString());

        var page = await fixture.OpenAsync();
        await page.GotoAsync($"/#/workflows/{id}");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search activities" }).FillAsync("HumanTask");
        await page.Locator(".tool", new() { HasText = "HumanTask" }).First.ClickAsync();

        var node = page.Locator(".step-node[data-step='humanTask']");
        await Assertions.Expect(node).ToBeVisibleAsync(Soon);
        await Assertions.Expect(node).ToHaveClassAsync(new Regex("has-error"), new() { Timeout = 15_000 });
        await fixture.ScreenshotAsync(page, "20-journey-node-error");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("HumanTask needs input 'role'") }).ClickAsync();
        await Assertions.Expect(page.Locator("#field-humanTask-inputs_role")).ToBeFocusedAsync(new() { Timeout = 5_000 });
        await page.Locator("#field-humanTask-inputs_role").FillAsync("ops");
        await page.Locator("#field-humanTask-inputs_title").FillAsync($"Approve order {suffix}");
        await Assertions.Expect(page.GetByText("0 errors, 0 warnings")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(node).Not.ToHaveClassAsync(new Regex("has-error"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        await page.GetByLabel("Release note").FillAsync("Approval for every order");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Published version 1.")).ToBeVisibleAsync(Soon);

        // The shop posts an order to the hook, as an integrator's HttpClient would.
        using var hookResponse = await fixture.Server.Client.PostAsync(
            $"/hooks/{hook}", new StringContent($"{{\"id\": \"SO-{suffix}\", \"total\": 2400}}", System.Text.Encoding.UTF8, "application/json"));
        var hookBody = await hookResponse.Content.ReadAsStringAsync();
        Assert.True(hookResponse.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"POST /hooks/{hook} -> {(int)hookResponse.StatusCode}: {hookBody}");
        var instanceId = JsonNode.Parse(hookBody)!["instanceId"]!.GetValue<string>();

        await page.GotoAsync($"/#/instances/{instanceId}");
        await Assertions.Expect(page.Locator(".step-node[data-step='humanTask'].run-waiting")).ToBeVisibleAsync(Soon);
        await fixture.ScreenshotAsync(page, "06-instance-waiting");

        await page.GotoAsync("/#/tasks");
        var task = page.Locator(".task", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = $"Approve order {suffix}" }) });
        await Assertions.Expect(task).ToBeVisibleAsync(Soon);
        await fixture.ScreenshotAsync(page, "07-tasks");
        await task.GetByLabel("Comment").FillAsync("Known customer");
        await task.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(task).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        await page.GotoAsync($"/#/instances/{instanceId}");
        await Assertions.Expect(page.Locator(".step-node[data-step='humanTask'].run-done")).ToBeVisibleAsync(Soon);
        var instance = await fixture.Server.GetJsonAsync($"/api/instances/{instanceId}");
        Assert.Equal("Completed", (string?)instance["status"]);
        await fixture.ScreenshotAsync(page, "21-instance-completed");
    }
}
