using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>What a connection reports to its owner besides the answers to its own calls.</summary>
/// <param name="OnServerCall">Answers a call from the central system; runs on the receive loop, so it must not wait.</param>
/// <param name="OnFrame">Sees every frame sent and received, for tracing.</param>
/// <param name="OnProtocolIssue">Hears about frames that break OCPP-J, such as an answer to no outstanding call.</param>
public sealed record OcppConnectionHooks(
    Func<OcppCall, ServerCallReply> OnServerCall,
    Action<FrameDirection, ReadOnlyMemory<byte>>? OnFrame = null,
    Action<string>? OnProtocolIssue = null);
