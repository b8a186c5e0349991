using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The last step of every version's call handler: the grain's answer as a CALLRESULT, or the CALLERROR for a call it could not take.</summary>
internal static partial class OcppCallAnswers
{
    /// <summary>
    /// Runs <paramref name="dispatch"/> (null: the action is not handled here) and wraps its payload. A failure is
    /// logged and answered InternalError: nothing was acknowledged, so the charge point sends the message again.
    /// </summary>
    public static async Task<OcppMessage> AnswerAsync(
        OcppCall call, Func<Task<JsonElement?>> dispatch, string chargePointId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await dispatch() is { } result
                ? new OcppCallResult(call.MessageId, result)
                : new OcppCallError(call.MessageId, OcppErrorCode.NotSupported, $"'{call.Action}' is not supported by this central system.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, chargePointId, call.Action, call.MessageId);
            return new OcppCallError(call.MessageId, OcppErrorCode.InternalError, "The message could not be processed and nothing was acknowledged; send it again later.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Charge point {ChargePointId}: {Action} {MessageId} failed; answered InternalError")]
    private static partial void LogFailed(ILogger logger, Exception exception, string chargePointId, string action, string messageId);
}
