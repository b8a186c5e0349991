using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Api;

/// <summary>The operator REST API: problem details for every error, API keys, an OpenAPI document and a UI for it.</summary>
public static class ApiRegistration
{
    /// <summary>Adds the API's services.</summary>
    public static IServiceCollection AddCsmsApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.AddProblemDetails();
        services.AddExceptionHandler<UnavailableGrainHandler>();
        services.AddOptions<SessionsOptions>().BindConfiguration("Sessions").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CommandQueueOptions>().BindConfiguration("CommandQueue").ValidateDataAnnotations().ValidateOnStart();
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OrleansCsms operator API";
            document.Info.Description =
                "Register charge points and id tags, follow transactions and OCPP traffic, and send commands to connected charge points. " +
                "Every error is an RFC 9457 problem; a command answers with the charge point's own CALLRESULT payload.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps the API under /api, the OpenAPI document at /openapi/v1.json and its UI at /swagger.</summary>
    public static IEndpointRouteBuilder MapCsmsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        var api = endpoints.MapGroup("/api")
            .AddEndpointFilter(RequireApiKeyAsync)
            .AddEndpointFilter(UnparsableParameters.RejectAsync);
        api.MapChargePointsApi();
        api.MapChargePointMessagesApi();
        api.MapChargePointCommandsApi();
        api.MapChargePointMaintenanceApi();
        api.MapChargePointSecurityApi();
        api.MapMaintenanceJobsApi();
        api.MapFirmwareFilesApi();
        api.MapLocalAuthListApi();
        api.MapChargingProfilesApi();
        api.MapCertificatesApi();
        api.MapTransactionsApi();
        api.MapIdTagsApi();
        api.MapReservationsApi();
        api.MapSecurityEventsApi();
        api.MapDeviceModelApi();
        api.MapClusterApi();
        api.MapSessionsApi();
        api.MapChargePointConnectionApi();
        api.MapStatisticsApi();
        return endpoints;
    }

    /// <summary>Serves the browsable OpenAPI UI at /swagger.</summary>
    public static IApplicationBuilder UseCsmsApiUi(this IApplicationBuilder app) =>
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "OrleansCsms operator API");
            options.RoutePrefix = "swagger";
        });

    /// <summary>Puts endpoints a host adds to the API behind the same API keys.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(RequireApiKeyAsync);

    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Keys;
        if (keys.Count == 0 || PresentedKey(context.HttpContext.Request) is { } presented && keys.Any(k => FixedTimeEquals(k, presented)))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: "Send a configured API key in the X-Api-Key header or as 'Authorization: Bearer <key>'.");
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var key) && !string.IsNullOrEmpty(key))
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
