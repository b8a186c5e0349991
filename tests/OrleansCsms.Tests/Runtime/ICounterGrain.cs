using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>A test grain with persisted state: a counter.</summary>
public interface ICounterGrain : IGrain
{
    /// <summary>Returns the counter as this activation holds it.</summary>
    Task<int> GetAsync();

    /// <summary>Adds one and writes the state.</summary>
    Task<int> IncrementAsync();

    /// <summary>Adds one in memory, then fails before writing, as a turn does when storage or a callee fails.</summary>
    Task IncrementThenFailAsync();

    /// <summary>Signals "{key}:blocked", waits for the signal <paramref name="gate"/>, then adds one and writes the state.</summary>
    Task<int> IncrementAfterAsync(string gate);
}
