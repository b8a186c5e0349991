using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Frontend.Tls;

namespace OrleansCsms.Frontend;

/// <summary>
/// Once listening: refuses to expose a keyless operator API beyond loopback, and prints where the OCPP
/// endpoint, the API and its UI are.
/// </summary>
internal sealed partial class FrontEndStartup(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<ApiOptions> api,
    IOptions<OcppOptions> ocpp,
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
        if (api.Value.Keys.Count == 0 && addresses.Any(a => !IsLoopback(a)))
        {
            LogKeylessBeyondLoopback(logger, string.Join(", ", addresses));
            lifetime.StopApplication();
            return;
        }

        LogAdmission(logger, ocpp.Value.Admission);
        foreach (var address in addresses)
        {
            var ws = address.Replace("https://", "wss://", StringComparison.Ordinal).Replace("http://", "ws://", StringComparison.Ordinal);
            LogUrls(logger, $"{ws}/ocpp/{{chargePointId}}", $"{address}/api", $"{address}/swagger", $"{address}/openapi/v1.json");
        }

        if (tls.ServerAuthenticatedUri is { } serverAuthenticated)
        {
            LogTlsEndpoint(logger, 2, $"wss://{serverAuthenticated.Authority}/ocpp/{{chargePointId}}", "TLS and Basic auth");
        }

        if (tls.ClientCertificateRequiredUri is { } clientCertificates)
        {
            LogTlsEndpoint(logger, 3, $"wss://{clientCertificates.Authority}/ocpp/{{chargePointId}}", "TLS and a client certificate");
        }

        if (api.Value.Keys.Count == 0)
        {
            LogNoKeys(logger);
        }
    }

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)).Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission policy: {Admission}")]
    private static partial void LogAdmission(ILogger logger, string admission);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP endpoint: {Ocpp}  |  REST API: {Api}  |  API UI: {Ui}  |  OpenAPI: {OpenApi}")]
    private static partial void LogUrls(ILogger logger, string ocpp, string api, string ui, string openApi);

    [LoggerMessage(Level = LogLevel.Information, Message = "Security profile {Profile} endpoint: {Ocpp} ({Means})")]
    private static partial void LogTlsEndpoint(ILogger logger, int profile, string ocpp, string means);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys are configured (Api:Keys): the operator API is open to anyone who can reach it, so it listens on loopback only")]
    private static partial void LogNoKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to serve a keyless operator API on {Addresses}: configure Api:Keys or listen on 127.0.0.1 only")]
    private static partial void LogKeylessBeyondLoopback(ILogger logger, string addresses);
}
