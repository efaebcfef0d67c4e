using Microsoft.Playwright;
using OmsFlow.Designer.Tests.Infrastructure;

namespace OmsFlow.Designer.Tests.Browser;

/// <summary>
/// Builds the designer once into a temporary folder and starts Debian's Chromium through Playwright (no browser
/// download). Pages load the SPA from a made-up origin that Playwright routing answers, so no port is opened.
/// </summary>
public sealed class DesignerBrowserFixture : IAsyncLifetime
{
    public const string Origin = "http://designer.test";
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string SiteDirectory { get; } = Path.Combine(Path.GetTempPath(), $"omsflow-designer-e2e-{Guid.NewGuid():N}");

    /// <summary>Where screenshots of the main screens go (artifacts/designer-screenshots at the repository root).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(Path.GetDirectoryName(DesignerFolder.Path)!, "artifacts", "designer-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; install Debian's package: apt-get install chromium.");
        }

        await DesignerFolder.EnsurePackagesAsync();
        var build = await DesignerFolder.RunAsync(
            "npm",
            "run build --silent",
            TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["OMSFLOW_DESIGNER_OUT"] = SiteDirectory });
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm run build failed:\n{build.Output}");
        }

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
        if (Directory.Exists(SiteDirectory))
        {
            Directory.Delete(SiteDirectory, recursive: true);
        }
    }

    /// <summary>A fresh page (own storage) whose requests are served from the build and <paramref name="api"/>.</summary>
    public async Task<IPage> OpenAsync(ContractApi api, bool signedIn = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        if (signedIn)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('omsflow.apiKey', '{ContractApi.ApiKey}');");
        }

        await context.RouteAsync($"{Origin}/**", route => ServeAsync(route, api));
        return await context.NewPageAsync();
    }

    private async Task ServeAsync(IRoute route, ContractApi api)
    {
        var request = route.Request;
        var uri = new Uri(request.Url);
        if (uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            request.Headers.TryGetValue("authorization", out var authorization);
            var (status, body) = api.Handle(request.Method, uri.PathAndQuery, authorization, request.PostData ?? string.Empty);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = status,
                ContentType = status >= 400 ? "application/problem+json" : "application/json",
                Body = body,
            });
            return;
        }

        var relative = uri.AbsolutePath.TrimStart('/');
        var file = Path.GetFullPath(Path.Combine(SiteDirectory, relative));
        if (relative.Length == 0 || !file.StartsWith(SiteDirectory, StringComparison.Ordinal) || !File.Exists(file))
        {
            file = Path.Combine(SiteDirectory, "index.html");
        }

        await route.FulfillAsync(new RouteFulfillOptions { Status = 200, Path = file });
    }
}

[CollectionDefinition(Name)]
public sealed class DesignerBrowserGroup : ICollectionFixture<DesignerBrowserFixture>
{
    public const string Name = "Designer in Chromium";
}
