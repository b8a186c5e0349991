using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>One connector: its status, availability, meter, and the session charging on it, if any.</summary>
public sealed class ConnectorState(int id, ConnectorMeter meter, Random random)
{
    private readonly Lock _lock = new();
    private int _reserved;
    private ActiveSession? _session;

    public int Id { get; } = id;

    public ConnectorMeter Meter { get; } = meter;

    /// <summary>This connector's own random numbers, used only by its own session loop and meter.</summary>
    public Random Random { get; } = random;

    public ChargePointStatus Status { get; set; } = ChargePointStatus.Available;

    /// <summary>False after ChangeAvailability made the connector Inoperative.</summary>
    public bool IsOperative { get; set; } = true;

    /// <summary>An Inoperative change waiting for the running session to end.</summary>
    public bool InoperativeScheduled { get; set; }

    public bool IsReserved => Volatile.Read(ref _reserved) == 1;

    public ActiveSession? Session
    {
        get
        {
            lock (_lock)
            {
                return _session;
            }
        }
    }

    /// <summary>Claims the connector for one session; false when a session already has it.</summary>
    public bool TryReserve() => Interlocked.CompareExchange(ref _reserved, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _reserved, 0);

    public ActiveSession BeginSession(LocalTransaction transaction, CancellationToken stopping)
    {
        lock (_lock)
        {
            _session = new ActiveSession(transaction, stopping);
            return _session;
        }
    }

    public void EndSession()
    {
        lock (_lock)
        {
            _session?.Dispose();
            _session = null;
        }
    }

    /// <summary>Asks the running session to stop; false when none is running.</summary>
    public bool RequestStop(Reason reason)
    {
        lock (_lock)
        {
            if (_session is null)
            {
                return false;
            }

            _session.Stop(reason);
            return true;
        }
    }
}

/// <summary>A session charging on a connector, and the way to stop it with a reason.</summary>
public sealed class ActiveSession : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private int _reason = (int)Reason.Local;

    public ActiveSession(LocalTransaction transaction, CancellationToken stopping)
    {
        Transaction = transaction;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public LocalTransaction Transaction { get; }

    public CancellationToken StopRequested => _stop.Token;

    /// <summary>Why the session stopped; Local when the simulation itself ends it.</summary>
    public Reason StopReason => (Reason)Volatile.Read(ref _reason);

    public void Stop(Reason reason)
    {
        // The first reason wins: a reset during a remote stop is still a remote stop.
        if (!_stop.IsCancellationRequested)
        {
            Volatile.Write(ref _reason, (int)reason);
            _stop.Cancel();
        }
    }

    public void Dispose() => _stop.Dispose();
}
