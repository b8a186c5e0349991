using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>The check before an OCPP 2.0.1-only command: the station is known, and did not last connect over OCPP 1.6.</summary>
internal static class V201StationCheck
{
    /// <summary>Why <paramref name="what"/> cannot be asked of the charge point, or null when it can (a station never connected yet hears NotConnected from the call).</summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(IGrainFactory grains, string id, string what)
    {
        var chargePoint = await grains.GetGrain<IChargePointGrain>(id).GetAsync();
        if (chargePoint is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        return chargePoint.Protocol is "ocpp1.6"
            ? ApiProblems.Conflict("Not available in the charge point's OCPP version", $"'{id}' speaks OCPP 1.6, which has no {what}: it is OCPP 2.0.1 only.")
            : null;
    }
}
