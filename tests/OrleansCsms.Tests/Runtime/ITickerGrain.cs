using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>A test grain that registers a timer ticking every second from its activation.</summary>
public interface ITickerGrain : IGrain
{
    /// <summary>Returns how many ticks this activation has run.</summary>
    Task<int> GetTicksAsync();

    /// <summary>Signals "{key}:blocked" and holds the turn until the signal <paramref name="gate"/> is completed.</summary>
    Task BlockAsync(string gate);

    /// <summary>Asks the runtime to deactivate this activation after the turn.</summary>
    Task DeactivateAsync();
}
