using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Grains;

/// <summary>How the CSMS answers an EV's charging needs (ISO 15118 through OCPP 2.0.1), bound from the "SmartCharging" section.</summary>
public sealed class SmartChargingOptions
{
    /// <summary>
    /// DepartureTime (default): answer Accepted and send a TxProfile that delivers the EV's energy amount by its departure
    /// time, within the EV's and the station's limits; MaximumRate: Accepted, and a TxProfile at the highest rate those
    /// limits allow; None: answer Rejected and send nothing, leaving the schedule to the station.
    /// </summary>
    [RegularExpression("^(DepartureTime|MaximumRate|None)$")]
    public string EvChargingNeedsPolicy { get; set; } = "DepartureTime";

    /// <summary>The id of the TxProfiles the policy sends; one per EVSE replaces the last, so it never fills the station's profile store.</summary>
    [Range(1, int.MaxValue)]
    public int PolicyChargingProfileId { get; set; } = 1_000_000;

    /// <summary>The stack level of the TxProfiles the policy sends.</summary>
    [Range(0, 1_000)]
    public int PolicyStackLevel { get; set; }

    /// <summary>The highest current per phase the policy gives an AC EV, in amperes, whatever the EV could take.</summary>
    [Range(1, 1_000)]
    public int MaxCurrentAmperes { get; set; } = 32;

    /// <summary>The highest power the policy gives a DC EV, in watts.</summary>
    [Range(1, 1_000_000)]
    public int MaxPowerWatts { get; set; } = 150_000;

    /// <summary>The phase-to-neutral voltage an AC supply is taken to have, to turn energy into current.</summary>
    [Range(100, 400)]
    public int NominalVoltage { get; set; } = 230;

    /// <summary>Phases an AC EV is taken to charge on.</summary>
    [Range(1, 3)]
    public int AcPhases { get; set; } = 3;

    /// <summary>How often the CSMS sends a new TxProfile after rejecting an EV's schedule, before it leaves the EVSE to the station.</summary>
    [Range(0, 10)]
    public int MaxRenegotiations { get; set; } = 3;
}
