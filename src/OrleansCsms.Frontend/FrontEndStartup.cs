using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCsms.Frontend.Tls;

namespace OrleansCsms.Frontend;

/// <summary>Once listening: prints where the OCPP endpoint, the API and its UI are.</summary>
internal sealed partial class FrontEndStartup(
    IServer server,
    IHostApplicationLifetime lifetime,
    TlsEndpoints tls,
    ILogger<FrontEndStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(OnStarted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnStarted()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        foreach (var address in addresses)
        {
            var ws = address.Replace("https://", "wss://", StringComparison.Ordinal).Replace("http://", "ws://", StringComparison.Ordinal);
            LogUrls(logger, $"{address}/console", $"{ws}/ocpp/{{chargePointId}}", $"{address}/api", $"{address}/swagger", $"{address}/openapi/v1.json");
        }

        if (tls.ServerAuthenticatedUri is { } serverAuthenticated)
        {
            LogTlsEndpoint(logger, 2, $"wss://{serverAuthenticated.Authority}/ocpp/{{chargePointId}}", "TLS and Basic auth");
        }

        if (tls.ClientCertificateRequiredUri is { } clientCertificates)
        {
            LogTlsEndpoint(logger, 3, $"wss://{clientCertificates.Authority}/ocpp/{{chargePointId}}", "TLS and a client certificate");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {Console}  |  OCPP endpoint: {Ocpp}  |  REST API: {Api}  |  API UI: {Ui}  |  OpenAPI: {OpenApi}")]
    private static partial void LogUrls(ILogger logger, string console, string ocpp, string api, string ui, string openApi);

    [LoggerMessage(Level = LogLevel.Information, Message = "Security profile {Profile} endpoint: {Ocpp} ({Means})")]
    private static partial void LogTlsEndpoint(ILogger logger, int profile, string ocpp, string means);
}
