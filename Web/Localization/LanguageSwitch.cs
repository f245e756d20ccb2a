using Microsoft.AspNetCore.Http;

namespace KerjasamaGraph.Web.Localization;

/// <summary>GET /language/{code}?return=/path: remembers the interface language in a cookie and goes back to the page.</summary>
public static class LanguageSwitch
{
    public static IResult Handle(string code, HttpContext context, string? @return = null)
    {
        var language = UiText.Normalize(code);
        context.Response.Cookies.Append(UiText.CookieName, language, new CookieOptions
        {
            Path = "/", SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
        // Only a local path: never redirect elsewhere.
        var target = @return is { Length: > 0 } r && r[0] == '/' && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/";
        return Results.Redirect(target);
    }
}
