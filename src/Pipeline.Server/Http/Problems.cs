using Microsoft.AspNetCore.Http;

namespace Pipeline.Server.Http;

/// <summary>Errors as RFC 9457 problem details (<c>application/problem+json</c>) with a message a person can act on.</summary>
internal static class Problems
{
    /// <summary>400: the request is wrong; <paramref name="detail"/> says how.</summary>
    public static IResult BadRequest(string detail) => Make(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>404: nothing by that name.</summary>
    public static IResult NotFound(string detail) => Make(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>409: the resource is not in a state that allows this.</summary>
    public static IResult Conflict(string detail) => Make(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>413: the body is over the limit.</summary>
    public static IResult TooLarge(string detail) => Make(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    /// <summary>A problem with any status.</summary>
    public static IResult Make(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>Writes a problem directly (middleware, before an endpoint runs).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
        => Make(status, title, detail).ExecuteAsync(context);
}
