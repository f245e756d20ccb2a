using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Web.Security;

/// <summary>
/// When a token is configured (always, when the server listens on a non-loopback address), every request must carry it:
/// <c>Authorization: Bearer TOKEN</c> for scripts, or the cookie a browser receives after opening the address printed by
/// `kerjasama serve` (which has <c>?token=TOKEN</c>). Anything else gets 401 and nothing else runs.
/// </summary>
public sealed class AccessTokenMiddleware(RequestDelegate next, IOptions<WebOptions> options)
{
    public const string CookieName = "kerjasama_token";
    public const string QueryName = "token";

    public async Task InvokeAsync(HttpContext context)
    {
        // A page of another site may not make the browser change anything here (start runs, upload files): browsers name
        // the page's origin on such requests, and it must be this server.
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && string.Equals(o.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("403 Forbidden: requests from another site's page are refused.\n");
            return;
        }
        var token = options.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            await next(context);
            return;
        }
        var query = context.Request.Query[QueryName].ToString();
        if (query.Length > 0 && Matches(query, token))
        {
            // A browser opening the printed address: keep the token in a cookie and drop it from the address bar.
            context.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/",
            });
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/api"))
            {
                var rest = QueryStringWithout(context.Request.Query, QueryName);
                context.Response.Redirect(context.Request.PathBase + context.Request.Path + rest);
                return;
            }
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(header["Bearer ".Length..].Trim(), token)
            || context.Request.Cookies.TryGetValue(CookieName, out var cookie) && Matches(cookie, token))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"kerjasama\"";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("401 Unauthorized: this KerjasamaGraph server needs its access token. Open the address `kerjasama serve` printed " +
            "(it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.\n");
    }

    private static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));

    private static string QueryStringWithout(IQueryCollection query, string key)
    {
        var kept = query.Where(q => q.Key != key).SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))).ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    /// <summary>A new random token (URL-safe, 128 bits).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
