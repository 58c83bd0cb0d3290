
namespace Quarry.Dashboard.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (nothing is downloaded: the executable is the system one), one browser per
/// test class; every test takes a fresh context, so session storage (the API key) starts empty.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Chromium is; <c>QUARRY_CHROMIUM</c> overrides Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("QUARRY_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}. Install it: apt-get install -y chromium (./test.sh does as root), or set QUARRY_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A page in a new context, its console errors (CSP violations among them) collected in <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        return page;
    }

    /// <summary>A new page signed in to the dashboard at <paramref name="baseUrl"/> with <paramref name="key"/>, on the Documents view.</summary>
    public async Task<IPage> SignedInPageAsync(Uri baseUrl, string key, List<string> errors)
    {
        var page = await NewPageAsync(errors);
        await page.GotoAsync(baseUrl.AbsoluteUri);
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#view h1")).ToHaveTextAsync("Documents");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
