using System.Net;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>How a fleet of simulated charge points behaves. Durations named "simulated" run <see cref="Speed"/> times faster than the clock.</summary>
public sealed record SimulationSettings
{
    /// <summary>The OCPP endpoint; each charge point appends its identity as the last path segment.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Identities are the prefix, a dash and a five-digit number: SIM-00001, SIM-00002, ...</summary>
    public string IdPrefix { get; init; } = "SIM";

    /// <summary>The number of the first charge point, so that several simulators can share one central system.</summary>
    public int FirstNumber { get; init; } = 1;

    /// <summary>HTTP Basic password sent with every charge point's identity (OCPP security profile 1).</summary>
    public string? Password { get; init; }

    /// <summary>The OCPP version every charge point of the fleet speaks: 1.6 or 2.0.1.</summary>
    public OcppVersion OcppVersion { get; init; } = OcppVersion.V16;

    public int ChargePoints { get; init; } = 10;

    public int Connectors { get; init; } = 2;

    /// <summary>Simulated length of a charging session.</summary>
    public TimeSpan SessionLength { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Simulated time between MeterValues during a session (MeterValueSampleInterval); zero sends none.</summary>
    public TimeSpan MeterInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Simulated idle time of a connector between sessions.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How much faster than the clock simulated time runs; zero or less runs sessions without waiting at all.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Charge points started per second.</summary>
    public double RampUpPerSecond { get; init; } = 50;

    /// <summary>
    /// During the ramp, at most this many charge points may be started and not yet booted: the ramp then waits
    /// for the central system instead of piling up handshakes that would time out (0: no limit).
    /// </summary>
    public int RampMaxPending { get; init; }

    /// <summary>How long the whole run lasts; null runs until cancelled or until every charge point has done its sessions.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// The id tags of sessions, known to the central system; the fleet's connectors take them in turn, so give at
    /// least as many as there are connectors to keep one tag out of two sessions at once.
    /// </summary>
    public IReadOnlyList<string> IdTags { get; init; } = ["SIM-TAG-1"];

    /// <summary>Heartbeat interval to use instead of the one the central system gives; zero sends no heartbeats.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>How long a call waits for its answer.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a WebSocket handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Reconnection backoff after a failed connect or a lost connection.</summary>
    public Backoff ReconnectBackoff { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    /// <summary>Whether connectors start sessions by themselves; without, sessions start only by RemoteStartTransaction.</summary>
    public bool AutoSessions { get; init; } = true;

    /// <summary>Whether sessions wait for <see cref="Simulation.ReleaseSessions"/>, so that a whole fleet is connected before any session starts.</summary>
    public bool HoldSessionsUntilReleased { get; init; }

    /// <summary>Sessions each charge point runs before it only idles; zero for no limit.</summary>
    public int SessionsPerChargePoint { get; init; }

    /// <summary>Whether connectors report Preparing, Charging, Finishing and Available around each session.</summary>
    public bool SessionStatusNotifications { get; init; } = true;

    /// <summary>
    /// Actions each charge point sends back to back once booted, as fast as one outstanding call allows
    /// (Heartbeat, StatusNotification, MeterValues, Authorize, DataTransfer); empty for none.
    /// </summary>
    public IReadOnlyList<string> Flood { get; init; } = [];

    public RemoteStartBehaviour RemoteStart { get; init; } = RemoteStartBehaviour.StartSession;

    /// <summary>Local addresses connections are spread over; empty lets the operating system choose.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>Most transaction messages a charge point holds; charging waits while its queue is full.</summary>
    public int TransactionQueueCapacity { get; init; } = 10_000;

    /// <summary>Whether acknowledged transactions are kept in the metrics to check the central system's books against.</summary>
    public bool KeepTransactions { get; init; }

    /// <summary>Seed of the random numbers, for repeatable runs; null for a different run every time.</summary>
    public int? Seed { get; init; }

    public string Vendor { get; init; } = "OrleansCsms";

    public string Model { get; init; } = "Simulator";

    /// <summary>The identity of charge point number <paramref name="number"/>.</summary>
    public string IdentityOf(int number) => $"{IdPrefix}-{number:D5}";

    /// <summary>Converts simulated time to wall-clock time.</summary>
    public TimeSpan ToWallClock(TimeSpan simulated) => Speed > 0 ? simulated / Speed : TimeSpan.Zero;
}
