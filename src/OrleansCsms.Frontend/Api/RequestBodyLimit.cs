using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Holds API request bodies to Api:MaxRequestBodyBytes: reading a body announced bigger, or one that grows past the
/// limit, fails in the server, and <see cref="RequestTooLargeHandler"/> answers 413 problem details. File uploads
/// raise the limit to their own Files:* ones before they read.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptionsMonitor<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var limit = options.CurrentValue.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }

    /// <summary>The 413 problem for a body over the limit.</summary>
    internal static ValueTask<bool> WriteTooLargeAsync(IProblemDetailsService problems, HttpContext context, Exception? exception)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max
                    ? $"The body may hold at most {max} bytes."
                    : "The body is larger than this endpoint accepts.",
            },
        });
    }
}

/// <summary>Answers a read past the request body limit with 413 problem details instead of a 500.</summary>
internal sealed class RequestTooLargeHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        && !httpContext.Response.HasStarted
        && await RequestBodyLimit.WriteTooLargeAsync(problems, httpContext, exception);
}
