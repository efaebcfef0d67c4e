using Microsoft.Playwright;
using OmsFlow.Designer.Tests.Infrastructure;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>
/// Builds the designer into wwwroot beside the test binaries, starts the real OmsFlow server (which serves that build
/// and the API) and Debian's Chromium through Playwright (no browser download).
/// </summary>
public sealed class DesignerBrowserFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public DesignerServer Server { get; private set; } = null!;

    /// <summary>Where screenshots of the main screens go: designer-screenshots in the test output folder.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "designer-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; install Debian's package: apt-get install chromium.");
        }

        await DesignerFolder.EnsurePackagesAsync();
        // The server serves wwwroot beside the binaries when it exists (DesignerFiles.Locate), so this build is what the browser gets.
        var build = await DesignerFolder.RunAsync(
            "npm",
            "run build --silent",
            TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["OMSFLOW_DESIGNER_OUT"] = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm run build failed:\n{build.Output}");
        }

        Server = await DesignerServer.StartAsync(Path.Combine(Path.GetDirectoryName(DesignerFolder.Path)!, "definitions"));
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh page (own storage) on the server, signed in with <paramref name="apiKey"/> (the admin key by default; null for none).</summary>
    public async Task<IPage> OpenAsync(string? apiKey = DesignerServer.AdminKey, int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        if (apiKey is not null)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('omsflow.apiKey', '{apiKey}');");
        }

        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png") });
}

[CollectionDefinition(Name)]
public sealed class DesignerBrowserGroup : ICollectionFixture<DesignerBrowserFixture>
{
    public const string Name = "Designer in Chromium";
}
