using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>Answers a charge point's CALL in one OCPP version: a CALLRESULT once its effect is committed, or a CALLERROR.</summary>
internal interface IOcppCallHandler
{
    /// <summary>Handles the call on the charge point's grain and returns the frame to send back.</summary>
    Task<OcppMessage> HandleAsync(IChargePointGrain chargePoint, string chargePointId, OcppCall call, CancellationToken cancellationToken);
}
