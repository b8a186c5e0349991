using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>The sockets of a silo with no front-end: every charge point is unreachable.</summary>
public sealed class DisconnectedChargePoints : IChargePointConnections
{
    public Task<ChargePointCallResult> CallAsync(ChargePointSession session, string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(new ChargePointCallResult(CallOutcome.NotConnected));

    public Task CloseAsync(ChargePointSession session, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
