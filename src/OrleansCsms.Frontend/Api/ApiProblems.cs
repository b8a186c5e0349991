using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansCsms.Frontend.Api;

/// <summary>The API's RFC 9457 problem responses, so every error reads the same whichever endpoint gave it.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult UnknownChargePoint(string id) =>
        NotFound("Unknown charge point", $"No charge point '{id}' is registered.");
}
