using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Turns a request the cluster could not serve just now (a silo died and its grains are not yet serving on a
/// survivor, its gateway is gone, no gateway answers, or storage is down) into a 503 problem the operator can retry,
/// instead of a 500.
/// </summary>
internal sealed class UnavailableGrainHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
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
                Detail = IsStorageFailure(exception)
                    ? "Storage is not answering; retry shortly."
                    : "The part of the cluster that serves this request is moving to another silo; retry shortly.",
            },
        });
    }

    /// <summary>Failures that pass by themselves: the grain serves again once the cluster or storage has recovered.</summary>
    internal static bool IsTransient(Exception exception) => exception is
        SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or TimeoutException

        // The gateway this front-end used has just died; the next call goes through another.
        or Orleans.Runtime.Messaging.ConnectionFailedException
        || IsStorageFailure(exception);

    // A grain that could not read its state while activating arrives wrapped: "Error from storage provider ...".
    private static bool IsStorageFailure(Exception exception) => exception switch
    {
        DbException => true,
        OrleansException { InnerException: { } inner } => IsStorageFailure(inner),
        _ => false,
    };
}
