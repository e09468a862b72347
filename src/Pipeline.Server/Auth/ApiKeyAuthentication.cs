using Microsoft.AspNetCore.Http;
using Pipeline.Server.Http;

namespace Pipeline.Server.Auth;

/// <summary>Requires <c>Authorization: Bearer KEY</c> on every request but <c>GET /health</c> when the server has a
/// keys file: 401 without a valid key, 403 for a revoked one. Messages never repeat the presented key.</summary>
internal sealed class ApiKeyAuthentication(ApiKeyStore keys)
{
    /// <summary>Where the key's name is kept for the request (logs may name the key, never show it).</summary>
    public const string KeyNameItem = "pipeline.key-name";

    /// <summary>The middleware.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals("/health", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                "this server requires an API key: send 'Authorization: Bearer KEY' (keys are made with 'pipeline serve keys add NAME')");
            return;
        }
        var (result, name) = keys.Check(header["Bearer ".Length..].Trim());
        switch (result)
        {
            case KeyCheck.Valid:
                context.Items[KeyNameItem] = name;
                await next(context);
                return;
            case KeyCheck.Revoked:
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"the API key '{name}' was revoked");
                return;
            default:
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "the API key is not valid");
                return;
        }
    }
}
