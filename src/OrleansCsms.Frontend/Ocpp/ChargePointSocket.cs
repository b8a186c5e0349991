using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// The grain observer behind one connection: the charge point's grain calls the socket through it, from whichever
/// silo it is activated on. Orleans holds observers weakly; the connection keeps this one alive while it runs.
/// </summary>
internal sealed class ChargePointSocket(OcppConnection connection) : IChargePointSocket
{
    public Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        connection.CallAsync(action, payload, timeout, cancellationToken);

    public Task CloseAsync(string reason) => connection.CloseAsync(reason, CancellationToken.None);
}
