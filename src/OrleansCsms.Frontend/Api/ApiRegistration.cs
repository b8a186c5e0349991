using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Frontend.Overview;

namespace OrleansCsms.Frontend.Api;

/// <summary>The operator REST API: problem details for every error, roles on every route, an OpenAPI document and a UI for it.</summary>
public static class ApiRegistration
{
    /// <summary>Adds the API's services.</summary>
    public static IServiceCollection AddCsmsApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api").ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<UnavailableGrainHandler>();
        services.AddExceptionHandler<RequestTooLargeHandler>();
        services.AddCsmsAuth();
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
            .RequireRoleByMethod()
            .AddEndpointFilter(UnparsableParameters.RejectAsync);
        api.MapAuthApi();
        api.MapAccountsApi();
        api.MapChargePointsApi();
        api.MapChargePointLocationApi();
        api.MapChargePointMessagesApi();
        api.MapChargePointCommandsApi();
        api.MapChargePointMaintenanceApi();
        api.MapChargePointSecurityApi();
        api.MapMaintenanceJobsApi();
        api.MapFirmwareFilesApi();
        api.MapFirmwarePublishingApi();
        api.MapLocalAuthListApi();
        api.MapChargingProfilesApi();
        api.MapSmartChargingApi();
        api.MapCertificatesApi();
        api.MapTransactionsApi();
        api.MapTransactionsExportApi();
        api.MapIdTagsApi();
        api.MapReservationsApi();
        api.MapSecurityEventsApi();
        api.MapDeviceModelApi();
        api.MapEventsApi();
        api.MapWebhooksApi();
        api.MapClusterApi();
        api.MapSessionsApi();
        api.MapChargePointConnectionApi();
        api.MapStatisticsApi();
        api.MapTariffsApi();
        api.MapDisplayMessagesApi();
        api.MapMeterValuesApi();
        api.MapMonitoringApi();
        api.MapCustomerInformationApi();
        api.MapOverviewApi();
        api.MapSeriesApi();
        return endpoints;
    }

    /// <summary>Serves the browsable OpenAPI UI at /swagger.</summary>
    public static IApplicationBuilder UseCsmsApiUi(this IApplicationBuilder app) =>
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "OrleansCsms operator API");
            options.RoutePrefix = "swagger";
        });

    /// <summary>Puts endpoints a host adds outside the /api group behind the same roles: viewer to read, operator to change.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRoleByMethod();
}
