using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>
/// The answer to a call from the central system, and what the charge point does once the answer is on the wire
/// (a triggered message, a session, a reboot): OCPP wants the answer first.
/// </summary>
public sealed record ServerCallReply(OcppMessage Reply, Func<Task>? AfterReply = null);
