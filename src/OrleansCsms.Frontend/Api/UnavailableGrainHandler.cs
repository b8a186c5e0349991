using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using OrleansCsms.Runtime;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Turns a grain no silo could serve within the retry budget (a silo died and none took over yet, or storage
/// is down) into a 503 problem the operator can retry, instead of a 500.
/// </summary>
internal sealed class UnavailableGrainHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not GrainUnavailableException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "The part of the cluster that serves this request is moving to another silo; retry shortly.",
            },
        });
    }
}
