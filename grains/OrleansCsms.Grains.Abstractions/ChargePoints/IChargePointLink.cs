using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>
/// The handle a front-end registers with a charge point grain for the socket it holds: the grain pushes
/// server-initiated calls through it, wherever the socket is.
/// </summary>
public interface IChargePointLink
{
    /// <summary>The connection this link reaches.</summary>
    string ConnectionId { get; }

    /// <summary>Sends a CALL to the charge point and waits for its CALLRESULT or CALLERROR, at most <paramref name="timeout"/>.</summary>
    Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Closes the socket, telling the charge point why.</summary>
    Task CloseAsync(string reason, CancellationToken cancellationToken);
}
