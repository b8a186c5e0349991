using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Hosting.Tests;

/// <summary>Keeps the warnings logged through it and signals each one, so a test can wait for a retry instead of sleeping.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly SemaphoreSlim _warningLogged = new(0);

    public ConcurrentQueue<string> Warnings { get; } = new();

    /// <summary>Completes once <paramref name="count"/> more warnings have been logged.</summary>
    public async Task WaitForWarningsAsync(int count, string waitingFor)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _warningLogged.WaitAsync(Deadline.Limit))
            {
                throw new TimeoutException($"Timed out after {Deadline.Limit.TotalSeconds:0}s waiting for {waitingFor}; warnings so far: {Warnings.Count}.");
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning)
        {
            Warnings.Enqueue(formatter(state, exception));
            _warningLogged.Release();
        }
    }
}
