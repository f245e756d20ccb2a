using KerjasamaGraph.Web.Api;
using KerjasamaGraph.Web.Components;
using KerjasamaGraph.Web.Library;
using KerjasamaGraph.Web.Localization;
using KerjasamaGraph.Web.Runs;
using KerjasamaGraph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace KerjasamaGraph.Web;

/// <summary>
/// Adds the web app and the HTTP API to an ASP.NET Core host that also provides an <see cref="Model.Simulation.ISimulationEngine"/>
/// (the Orleans engine on the host's own silo, or on a cluster it is connected to).
/// </summary>
public static class KerjasamaWeb
{
    /// <summary>Registers the app's services; <paramref name="configure"/> overrides what configuration says.</summary>
    public static WebApplicationBuilder AddKerjasamaWeb(this WebApplicationBuilder builder, Action<WebOptions>? configure = null)
    {
        // Static files of the packages (MudBlazor, ECharts) and of the app, also when the host runs from its build folder.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).Configure(o => configure?.Invoke(o));
        services.AddSingleton<ScenarioLibrary>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<JobQueue>());
        services.AddScoped<UiText>();
        // Keys for antiforgery and the Blazor circuit live in memory: nothing is written to the user's profile.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KerjasamaGraph API";
            document.Info.Description =
                "Scenarios, runs and comparisons of the KerjasamaGraph simulator. Runs and comparisons are queued jobs; " +
                "their folders are listed by id under /api/runs. When the server requires a token, send it as " +
                "'Authorization: Bearer TOKEN'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Maps the token check, the API, the OpenAPI document and the app's pages.</summary>
    public static WebApplication MapKerjasamaWeb(this WebApplication app)
    {
        app.UseMiddleware<AccessTokenMiddleware>();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapKerjasamaApi();
        app.MapGet("/language/{code}", LanguageSwitch.Handle).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
