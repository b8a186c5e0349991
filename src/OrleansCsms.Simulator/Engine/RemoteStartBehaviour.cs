namespace OrleansCsms.Simulator;

/// <summary>What a simulated charge point does with a RemoteStartTransaction.</summary>
public enum RemoteStartBehaviour
{
    /// <summary>Accepts when the connector is free and charges a session for the id tag, as a real charger would.</summary>
    StartSession,

    /// <summary>Accepts and does nothing more: isolates the round trip of the command from the session it would start.</summary>
    AcceptOnly,

    /// <summary>Rejects every request.</summary>
    Reject,
}
