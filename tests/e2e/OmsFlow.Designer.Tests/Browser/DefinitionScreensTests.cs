using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>Rule sets, decision tables, templates and releases in real Chromium against the real server's reference definitions.</summary>
[Collection(DesignerBrowserGroup.Name)]
public sealed class DefinitionScreensTests(DesignerBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    /// <summary>Replaces a CodeMirror editor's text (inserted as text, so no auto-closed brackets get in the way).</summary>
    private static async Task ReplaceCodeAsync(IPage page, ILocator editor, string text)
    {
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.InsertTextAsync(text);
    }

    [Fact]
    public async Task RuleSet_EvaluatesPublishedRules_AndShowsServerProblemOnTheRule()
    {
        var page = await fixture.OpenAsync();
        await page.GotoAsync("/#/rules");
        await page.GetByRole(AriaRole.Link, new() { Name = "order-discounts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Article, new() { Name = "Rule TotalAtLeast500" })).ToBeVisibleAsync(Soon);

        var inputs = page.Locator(".cm-content[aria-label='Evaluation inputs (JSON)']");
        await Assertions.Expect(inputs).ToBeVisibleAsync(Soon);
        await ReplaceCodeAsync(page, inputs, "{\"order\": {\"total\": 300, \"lines\": []}, \"customer\": {\"segment\": \"VIP\"}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();

        var results = page.GetByRole(AriaRole.List, new() { Name = "Rule results" });
        await Assertions.Expect(results.GetByRole(AriaRole.Listitem, new() { Name = "LoyalCustomer passed" })).ToBeVisibleAsync(Soon);
        var largeOrder = results.GetByRole(AriaRole.Listitem, new() { Name = "LargeOrder failed" });
        await Assertions.Expect(largeOrder).ToBeVisibleAsync();
        await Assertions.Expect(largeOrder.GetByRole(AriaRole.Listitem, new() { Name = "TotalAtLeast500 failed" })).ToBeVisibleAsync();
        await Assertions.Expect(largeOrder.GetByRole(AriaRole.Listitem, new() { Name = "FewerThanFiftyLines passed" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "12-rules-evaluated");

        var loyal = page.GetByRole(AriaRole.Article, new() { Name = "Rule LoyalCustomer" });
        var expression = loyal.Locator(".cm-content[aria-label='Expression of LoyalCustomer']");
        await ReplaceCodeAsync(page, expression, "customer.segment == ");
        await Assertions.Expect(loyal.GetByRole(AriaRole.List, new() { Name = "Problems of LoyalCustomer" })).ToContainTextAsync("Expression", new() { Timeout = 15_000 });
        await Assertions.Expect(loyal).ToHaveClassAsync(new Regex("has-error"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish…" })).ToBeDisabledAsync();
        await fixture.ScreenshotAsync(page, "13-rules-problem");
    }

    [Fact]
    public async Task DecisionTable_OverlapOnRow_EditCell_SaveAndTest()
    {
        var page = await fixture.OpenAsync();
        await page.GotoAsync("/#/tables/carrier-selection");
        var grid = page.GetByRole(AriaRole.Table, new() { Name = "Decision table carrier-selection" });
        await Assertions.Expect(grid).ToBeVisibleAsync(Soon);
        await Assertions.Expect(grid.GetByRole(AriaRole.Textbox, new() { Name = "Row 1, carrier" })).ToHaveValueAsync("PostNL");

        await page.GetByLabel("Hit policy").SelectOptionAsync("UNIQUE");
        await Assertions.Expect(grid.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("overlaps row") }).First).ToBeVisibleAsync(Soon);
        await fixture.ScreenshotAsync(page, "14-table-overlap");
        await page.GetByLabel("Hit policy").SelectOptionAsync("FIRST");
        await Assertions.Expect(grid.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("overlaps row") })).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        var weight = grid.GetByRole(AriaRole.Textbox, new() { Name = "Row 1, weight" });
        await weight.FillAsync("< 25");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(grid.GetByRole(AriaRole.Textbox, new() { Name = "Row 2, weight" })).ToBeFocusedAsync();

        await ReplaceCodeAsync(page, page.Locator(".cm-content[aria-label='Table input (JSON)']"), "{\"shipment\": {\"country\": \"BE\", \"weightKg\": 22}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("Matched row 1 "))).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.GetByLabel("Table output")).ToContainTextAsync("PostNL");
        await Assertions.Expect(grid.GetByRole(AriaRole.Row, new() { Name = "Row 1 (matched)" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "15-table-tested");

        var detail = await fixture.Server.GetJsonAsync("/api/tables/carrier-selection");
        Assert.True((bool)detail["hasDraft"]!);
        Assert.Contains("'< 25'", (string?)detail["draft"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_PreviewEmailInSandbox_FlagUnknownVariable_PreviewPdfAndLabel()
    {
        var page = await fixture.OpenAsync();
        await page.GotoAsync("/#/templates/shipped");
        var frame = page.Locator("iframe[title='HTML preview']");
        await Assertions.Expect(frame).ToBeVisibleAsync(Soon);
        Assert.Equal(string.Empty, await frame.GetAttributeAsync("sandbox"));
        await Assertions.Expect(page.FrameLocator("iframe[title='HTML preview']").Locator("body")).ToContainTextAsync("Anna", new() { Timeout = 15_000 });
        await fixture.ScreenshotAsync(page, "16-template-email");

        await page.GetByLabel("Format").SelectOptionAsync("text");
        await Assertions.Expect(page.GetByLabel("TEXT preview")).ToContainTextAsync("Anna", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "subject" }).ClickAsync();
        var subject = page.Locator(".cm-content[aria-label='Template part subject']");
        await subject.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.InsertTextAsync(" {{trackingNumbr}}");
        var problems = page.GetByRole(AriaRole.List, new() { Name = "Problems in subject" });
        await Assertions.Expect(problems).ToContainTextAsync("trackingNumbr", new() { Timeout = 15_000 });
        // The part ends with a newline, so the inserted variable is on line 2; the name starts at column 4 after " {{".
        await Assertions.Expect(problems).ToContainTextAsync("2:4 Unknown variable 'trackingNumbr'");
        await fixture.ScreenshotAsync(page, "17-template-problem");

        await page.GotoAsync("/#/templates/invoice");
        await Assertions.Expect(page.Locator("iframe[title='PDF preview']")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" })).ToHaveAttributeAsync("href", new Regex("^blob:"));
        await fixture.ScreenshotAsync(page, "18-template-invoice");

        await page.GotoAsync("/#/templates/shipping-label");
        await Assertions.Expect(page.GetByLabel("ZPL preview")).ToContainTextAsync("^XA", new() { Timeout = 15_000 });
        await fixture.ScreenshotAsync(page, "19-template-label");
    }

    [Fact]
    public async Task Releases_ListsTheFirstStartRelease_WithItsContents()
    {
        var page = await fixture.OpenAsync();
        await page.GotoAsync("/#/releases");
        var first = page.GetByRole(AriaRole.Row, new() { Name = "Release 1" });
        await Assertions.Expect(first).ToBeVisibleAsync(Soon);
        await first.GetByRole(AriaRole.Button, new() { Name = "#1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Contents of release 1" })).ToContainTextAsync("promotions", new() { Timeout = 10_000 });
    }
}
