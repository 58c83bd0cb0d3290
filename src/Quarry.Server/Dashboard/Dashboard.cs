using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Quarry.Server.Documents;

namespace Quarry.Server.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: plain HTML, CSS and ES modules from <c>wwwroot</c>, embedded in the server assembly so
/// <c>dotnet run</c>, <c>quarry serve</c> and a test host serve the same files whatever their working folder. The page
/// itself is public; it calls <c>/v1</c> with the API key the user types, like any other client.
/// </summary>
public static class Dashboard
{
    /// <summary>
    /// Scripts, styles and images from this server only, and no inline script or style: a value shown in the grid can
    /// never run as code. <c>blob:</c> images are the page images, fetched with the API key and shown from memory.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddDashboard(this IServiceCollection services) => services.AddSingleton<PageImages>();

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(Dashboard).Assembly, "Quarry.Server.wwwroot");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = c => Secure(c.Context.Response) });
        app.MapGet("/", (HttpContext http) =>
        {
            Secure(http.Response);
            return TypedResults.Stream(files.GetFileInfo("index.html").CreateReadStream(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: an upgraded server must not run yesterday's scripts against today's API.
        response.Headers.CacheControl = "no-cache";
    }
}
