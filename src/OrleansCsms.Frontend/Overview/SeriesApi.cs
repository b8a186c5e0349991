using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;

namespace OrleansCsms.Frontend.Overview;

/// <summary>GET /api/statistics/series: the front-end answering, how often it samples, and its samples oldest first.</summary>
public sealed record SeriesResponse(string FrontEndId, int SampleSeconds, int SeriesMinutes, IReadOnlyList<LiveSample> Samples);

/// <summary>The live series the console's overview charts: messages per second and the power of the running sessions.</summary>
public static class SeriesApi
{
    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statistics/series", Get)
            .WithName("GetStatisticsSeries")
            .WithSummary("The last Console:SeriesMinutes of samples, every Console:SampleSeconds: OCPP calls per second of this front-end and of the cluster, and the kW the running sessions draw.")
            .WithTags("Cluster");
        return endpoints;
    }

    public static Ok<SeriesResponse> Get(
        [FromServices] LiveSeries series,
        [FromServices] FrontEndIdentity identity,
        [FromServices] IOptions<ConsoleDataOptions> options) =>
        TypedResults.Ok(new SeriesResponse(identity.Id, options.Value.SampleSeconds, options.Value.SeriesMinutes, series.Samples()));
}
