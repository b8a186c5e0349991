using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>
/// The charge point sockets held by front-ends, as grains see them: reaches the connection a session names,
/// wherever it is. A front-end registers each socket under its session; grains keep only the session.
/// </summary>
public interface IChargePointConnections
{
    /// <summary>Sends a CALL over the session's socket and waits for the CALLRESULT or CALLERROR, at most <paramref name="timeout"/>.</summary>
    Task<ChargePointCallResult> CallAsync(ChargePointSession session, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Closes the session's socket, telling the charge point why; nothing happens when it is already gone.</summary>
    Task CloseAsync(ChargePointSession session, string reason, CancellationToken cancellationToken);
}
