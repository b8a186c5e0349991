using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Testing;

/// <summary>
/// A logger provider that keeps every warning and error a host logs, so a test can check what the application log
/// says. Register it with <c>services.AddSingleton&lt;ILoggerProvider&gt;(recorder)</c>.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedMessage> _messages = new();

    /// <summary>Warnings and errors logged so far, oldest first.</summary>
    public IReadOnlyList<LoggedMessage> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._messages.Enqueue(new LoggedMessage(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One message a host logged.</summary>
public sealed record LoggedMessage(LogLevel Level, string Category, string Text, Exception? Exception);
