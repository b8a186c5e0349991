using OrleansCsms.Tests.Conformance.V16;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// What the OCPP 2.0.1 test case classes share: the host, the operator, and test stations in the reusable states
/// they start from. Stations stay connected until the test ends, then close, and their frames are checked against
/// the official schemas.
/// </summary>
public abstract class StationTestCases(CsmsHostFixture fixture) : IAsyncLifetime
{
    private readonly List<TestChargePoint> _sockets = [];

    private protected CsmsHost Host => fixture.Host;

    private protected OcttOperator Operator => new(Host);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            await socket.DisposeAsync();
        }
    }

    /// <summary>A station connected over ocpp2.0.1, not booted yet.</summary>
    private protected async Task<OcttStation> ConnectedStationAsync()
    {
        var socket = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        _sockets.Add(socket);
        return new OcttStation(socket);
    }

    /// <summary>The same station on a new connection (after a reboot), its old one closed; not booted yet.</summary>
    private protected async Task<OcttStation> ReconnectedStationAsync(OcttStation station)
    {
        await station.Socket.CloseAsync();
        var socket = await TestChargePoint.ConnectV201Async(Host, station.Id);
        _sockets.Add(socket);
        return new OcttStation(socket);
    }

    /// <summary>A station in reusable state Booted.</summary>
    private protected async Task<OcttStation> BootedStationAsync()
    {
        var station = await ConnectedStationAsync();
        await station.BootAsync();
        return station;
    }

    /// <summary>A booted station in EnergyTransferStarted, authorized first, and the token it charges with.</summary>
    private protected async Task<(OcttStation Station, string Token)> ChargingStationAsync()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync();
        return (station, token);
    }
}
