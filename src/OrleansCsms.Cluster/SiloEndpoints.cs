using System.Net.Http.Json;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster;

/// <summary>The silo's internal endpoint: runs grain calls from front-ends and other silos for the partitions it owns.</summary>
public static class SiloEndpoints
{
    public static IEndpointRouteBuilder MapSiloEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/internal/grain-calls", InvokeAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, GrainCallCodec codec, SiloMembership membership, LocalGrainRouter grains, IOptions<ClusterOptions> options)
    {
        if (!ClusterSecret.Matches(context.Request, options.Value))
        {
            return TypedResults.Unauthorized();
        }

        var message = await context.Request.ReadFromJsonAsync<GrainCallMessage>(GrainJson.Options, context.RequestAborted);
        if (message is null)
        {
            return TypedResults.BadRequest();
        }

        var call = codec.Decode(message);
        if (!membership.Owns(membership.PartitionOf(call.Target)))
        {
            // The caller's map is stale: it re-reads it and tries the new owner.
            return TypedResults.StatusCode(StatusCodes.Status421MisdirectedRequest);
        }

        try
        {
            var result = await grains.InvokeAsync(call, context.RequestAborted);
            return TypedResults.Json(new GrainReplyMessage(GrainCallCodec.EncodeResult(call.Method, result)), GrainJson.Options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            return TypedResults.Json(new GrainReplyMessage(null, error.GetType().Name, error.Message), GrainJson.Options);
        }
    }
}

/// <summary>Checks the shared secret of internal calls in constant time.</summary>
public static class ClusterSecret
{
    public static bool Matches(HttpRequest request, ClusterOptions options) =>
        request.Headers.TryGetValue(ClusterHeaders.Secret, out var presented)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented.ToString()), System.Text.Encoding.UTF8.GetBytes(options.Secret));
}
