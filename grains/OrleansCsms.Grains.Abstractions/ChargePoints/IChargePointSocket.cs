using System.Text.Json;
using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The socket of one charge point connection, as its grain sees it: a grain observer the front-end holding the
/// socket hands to the charge point's grain, so server-initiated calls reach it wherever it is.
/// </summary>
[Alias("csms.IChargePointSocket")]
public interface IChargePointSocket : IGrainObserver
{
    /// <summary>Sends a CALL and waits for the CALLRESULT or CALLERROR, at most <paramref name="timeout"/>.</summary>
    /// <remarks>The response timeout is above every call timeout an operator can configure; the caller cancels sooner.</remarks>
    [ResponseTimeout("00:11:00")]
    [Alias("Call")]
    Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Closes the socket, telling the charge point why; nothing happens when it is already gone.</summary>
    [OneWay]
    [Alias("Close")]
    Task CloseAsync(string reason);
}
