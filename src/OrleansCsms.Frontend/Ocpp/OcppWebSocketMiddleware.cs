using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Metrics;
using OrleansCsms.Frontend.Tls;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// Turns WebSocket upgrades on any path outside the API into OCPP connections: identity from the last path
/// segment, a supported subprotocol, a client certificate when one was presented, then the charge point grain's
/// admission: the admission policy, the charge point's password and its minimum security profile.
/// </summary>
internal sealed partial class OcppWebSocketMiddleware(
    RequestDelegate next,
    IGrainFactory grains,
    OcppCallHandlers handlers,
    OcppFrameLog frameLog,
    OcppMetrics metrics,
    FrontEndIdentity frontEnd,
    LocalChargePointConnections connections,
    ChargePointCertificateValidator certificates,
    IssuedCertificateBinding issued,
    IOptions<OcppOptions> options,
    AdmissionPolicy admission,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<OcppWebSocketMiddleware> logger)
{
    private static readonly string[] ReservedPrefixes = ["/api", "/health", "/openapi", "/swagger", "/metrics", "/dashboard"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || ReservedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var identity = OcppHandshake.IdentityFrom(ChargePointIdentity.RawPathSegments(context));
        if (ChargePointIdentity.Problem(identity, options.Value.MaxIdentityLength) is { } problem)
        {
            LogRefused(logger, identity.Length > 64 ? identity[..64] : identity, "invalid identity");
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Missing or invalid charge point identity",
                $"The last path segment must be the charge point identity, percent-encoded: {problem}");
            return;
        }

        if (OcppHandshake.NegotiateVersion(context.WebSockets.WebSocketRequestedProtocols) is not { } version)
        {
            LogRefused(logger, identity, "no supported subprotocol");
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "No supported OCPP subprotocol",
                $"Offer one of these in Sec-WebSocket-Protocol: {string.Join(", ", OcppVersions.Supported)}.");
            return;
        }

        // Profile 3: the TLS handshake already checked the certificate's chain; here it is checked for this identity.
        var trustedCertificate = false;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            if ((certificates.Problem(certificate, identity) ?? await issued.ProblemAsync(certificate, identity)) is { } certificateProblem)
            {
                LogRefused(logger, identity, $"client certificate not accepted: {certificateProblem}");
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Client certificate not accepted", $"The client certificate does not admit '{identity}': {certificateProblem}.");
                return;
            }

            trustedCertificate = true;
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(identity);
        var password = OcppHandshake.BasicPassword(context.Request.Headers.Authorization, identity);
        switch (await chargePoint.AdmitAsync(new AdmissionRequest(password, await admission.IsOpenAsync(context.RequestAborted), context.Request.IsHttps, trustedCertificate)))
        {
            case AdmissionOutcome.UnknownChargePoint:
                LogRefused(logger, identity, "unknown charge point");
                await RefuseAsync(context, StatusCodes.Status404NotFound, "Unknown charge point", $"'{identity}' is not registered.");
                return;
            case AdmissionOutcome.BadCredentials:
                LogRefused(logger, identity, "missing or wrong credentials");
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"OCPP\", charset=\"UTF-8\"";
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Charge point credentials required",
                    "Send HTTP Basic credentials with the charge point identity as user name and its password.");
                return;
            case AdmissionOutcome.BelowSecurityProfile:
                LogRefused(logger, identity, "its security profile is below the minimum recorded for it");
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Security profile too low",
                    $"'{identity}' accepted a higher security profile; connect with it (profile 2: wss and Basic credentials, 3: wss and a client certificate).");
                return;
        }

        await RunConnectionAsync(context, identity, version, chargePoint);
    }

    private async Task RunConnectionAsync(HttpContext context, string identity, OcppVersion version, IChargePointGrain chargePoint)
    {
        var settings = options.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = OcppVersions.ToSubprotocol(version),
            KeepAliveInterval = TimeSpan.FromSeconds(settings.KeepAliveSeconds),
            KeepAliveTimeout = settings.KeepAliveTimeoutSeconds > 0 ? TimeSpan.FromSeconds(settings.KeepAliveTimeoutSeconds) : Timeout.InfiniteTimeSpan,
        });
        var connection = new OcppConnection(socket, identity, chargePoint, version, handlers.For(version), frameLog, metrics, settings, logger);
        var session = new ChargePointSession(connection.ConnectionId, OcppVersions.ToSubprotocol(version), frontEnd.Id,
            context.Connection.RemoteIpAddress?.ToString(), time.GetUtcNow());
        connections.Opened();

        // The grain reaches this socket through an observer reference; the connection holds it for as long as it lives.
        var observer = grains.CreateObjectReference<IChargePointSocket>(connection.Socket);
        try
        {
            await chargePoint.ConnectedAsync(session, observer);
            LogConnected(logger, identity, session.Protocol, connection.ConnectionId);

            // On shutdown, tell charge points to go elsewhere at once rather than hold the host until its timeout.
            using var stopping = lifetime.ApplicationStopping.Register(() => _ = connection.GoAwayAsync());
            await connection.RunAsync(context.RequestAborted);
        }
        finally
        {
            connections.Closed();
            grains.DeleteObjectReference<IChargePointSocket>(observer);
            await chargePoint.DisconnectedAsync(connection.ConnectionId);
            LogDisconnected(logger, identity, connection.ConnectionId);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} connected ({Protocol}, connection {ConnectionId})")]
    private static partial void LogConnected(ILogger logger, string chargePointId, string protocol, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} disconnected (connection {ConnectionId})")]
    private static partial void LogDisconnected(ILogger logger, string chargePointId, string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the handshake of {ChargePointId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string chargePointId, string reason);
}
