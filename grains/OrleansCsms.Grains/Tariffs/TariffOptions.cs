using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Grains;

/// <summary>How the CSMS tells stations what their sessions cost (configuration section "Tariffs").</summary>
public sealed class TariffOptions
{
    /// <summary>
    /// Every TransactionEvent of a priced OCPP 2.0.1 session is answered with its running cost (totalCost). When above 0,
    /// the CSMS also sends CostUpdated with it, at most this often per session, in seconds; 0 sends none.
    /// </summary>
    [Range(0, 86_400)]
    public int CostUpdatedIntervalSeconds { get; set; }
}
