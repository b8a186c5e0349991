using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// Keeps a failed turn from leaving half-changed state behind: Orleans keeps an activation whose call threw, with
/// whatever the turn changed in memory and never wrote. This deactivates such an activation as soon as the turn
/// ends, so the next call reads the state afresh from storage. A lost ETag race (a stale activation) is cured the
/// same way.
/// </summary>
internal sealed partial class FailedTurnFilter(ILogger<FailedTurnFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.Grain is IDurableStateGrain)
        {
            LogDeactivating(logger, ex, context.TargetId.ToString(), context.MethodName);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, ex, "A turn failed; its unsaved changes are discarded."));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain {GrainId}: {Method} failed; deactivating so the next call reads stored state")]
    private static partial void LogDeactivating(ILogger logger, Exception exception, string grainId, string method);
}

/// <summary>A grain whose in-memory state must never outlive a failed turn.</summary>
internal interface IDurableStateGrain;
