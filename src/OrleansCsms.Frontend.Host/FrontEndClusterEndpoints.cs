using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansCsms.Cluster;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Host;

/// <summary>What a front-end adds in a cluster: membership, the endpoint silos reach sockets through, and the cluster view.</summary>
internal static class FrontEndClusterEndpoints
{
    public static IServiceCollection AddFrontEndMembership(this IServiceCollection services)
    {
        services.AddHostedService<FrontEndMembership>();
        services.AddSingleton<ClusterView>();
        return services;
    }

    public static WebApplication MapFrontEndClusterEndpoints(this WebApplication app)
    {
        var connections = app.MapGroup("/internal/connections/{connectionId}").ExcludeFromDescription().AddEndpointFilter(RequireSecretAsync);
        connections.MapPost("/call", CallAsync);
        connections.MapPost("/close", CloseAsync);
        app.MapGet("/api/cluster", GetClusterAsync)
            .WithName("GetCluster")
            .WithSummary("Lists the silos, the front-ends and which silo owns each partition.")
            .WithTags("Cluster")
            .RequireApiKey();
        return app;
    }

    private static async Task<Ok<ChargePointCallResult>> CallAsync(string connectionId, ConnectionCallMessage message, LocalChargePointConnections local, HttpContext context) =>
        TypedResults.Ok(await local.CallAsync(connectionId, message.Action, message.Payload, message.Timeout, context.RequestAborted));

    private static async Task<NoContent> CloseAsync(string connectionId, CloseRequest request, LocalChargePointConnections local, HttpContext context)
    {
        await local.CloseAsync(connectionId, request.Reason ?? "Closed by the central system.", context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ClusterSnapshot>> GetClusterAsync(ClusterView view, CancellationToken cancellationToken) =>
        TypedResults.Ok(await view.ReadAsync(cancellationToken));

    private static async ValueTask<object?> RequireSecretAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        ClusterSecret.Matches(context.HttpContext.Request, context.HttpContext.RequestServices.GetRequiredService<IOptions<ClusterOptions>>().Value)
            ? await next(context)
            : TypedResults.Unauthorized();

    internal sealed record CloseRequest(string? Reason);
}
