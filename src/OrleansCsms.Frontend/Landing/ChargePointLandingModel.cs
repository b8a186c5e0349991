using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Landing;

/// <summary>One connector as a driver sees it: which one, its status in words, and the tone it is shown in (ok, busy, warn, bad).</summary>
public sealed record ConnectorView(string Name, string Status, string Tone);

/// <summary>
/// What the public page of a charge point shows: its name and address, whether it is online, its connectors, and the
/// operator's name and instructions. Only what a driver standing at it may know: no id tags, transactions or hosts.
/// </summary>
public sealed record ChargePointLandingModel(
    string Name, string? Address, bool Online, IReadOnlyList<ConnectorView> Connectors, string OperatorName, IReadOnlyList<string> StartInstructions)
{
    public static ChargePointLandingModel From(ChargePointState state, string operatorName, string startInstructions)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startInstructions);
        var paragraphs = startInstructions.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ChargePointLandingModel(
            string.IsNullOrWhiteSpace(state.Description) ? state.Id : state.Description,
            state.Address,
            state.Connected,
            ViewsOf(state),
            operatorName,
            paragraphs);
    }

    /// <summary>A 2.0.1 station's connectors by EVSE; a 1.6 charge point's by connector id, leaving out 0, the charge point as a whole.</summary>
    private static List<ConnectorView> ViewsOf(ChargePointState state)
    {
        if (state.EvseConnectors.Count > 0)
        {
            return [.. state.EvseConnectors.SelectMany(evse => evse.Value.Select(c => View(
                evse.Value.Count == 1 ? $"Charger {evse.Key}" : $"Charger {evse.Key}, connector {c.Key}", c.Value.Status)))];
        }

        return [.. state.Connectors.Where(c => c.Key > 0).Select(c => View($"Connector {c.Key}", c.Value.Status))];
    }

    private static ConnectorView View(string name, string status) => status switch
    {
        "Available" => new(name, "Available", "ok"),
        "Preparing" => new(name, "Preparing", "busy"),
        "Charging" => new(name, "Charging", "busy"),
        "SuspendedEV" or "SuspendedEVSE" => new(name, "Paused", "busy"),
        "Finishing" => new(name, "Finishing", "busy"),
        "Occupied" => new(name, "In use", "busy"),
        "Reserved" => new(name, "Reserved", "warn"),
        "Unavailable" => new(name, "Unavailable", "warn"),
        "Faulted" => new(name, "Out of order", "bad"),
        _ => new(name, status, "warn"),
    };
}
