using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace OrleansCsms.Storage.Tests;

/// <summary>
/// A host with nothing but <c>AddCsmsStorage</c>, configured the way a real host would be, except that its clock is
/// a <see cref="FakeTimeProvider"/>: time (and with it retention) moves only when a test advances it.
/// </summary>
public sealed class StorageHost : IAsyncDisposable
{
    /// <summary>Where every host's clock starts.</summary>
    public static readonly DateTimeOffset StartTime = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly IHost _host;
    private bool _started;

    private StorageHost(IHost host, FakeTimeProvider time, LogRecorder logs)
    {
        _host = host;
        Time = time;
        Logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    public FakeTimeProvider Time { get; }

    /// <summary>What the host has logged at Information and above.</summary>
    public LogRecorder Logs { get; }

    internal IStorageEngine Engine => Get<IStorageEngine>();

    internal OcppMessageLogRetention Retention => Get<OcppMessageLogRetention>();

    /// <summary>Builds the host without starting it, so nothing has touched the database yet.</summary>
    public static StorageHost Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new LogRecorder();
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        builder.Services.AddCsmsStorage(builder.Configuration);
        var time = new FakeTimeProvider(StartTime);
        builder.Services.AddSingleton<TimeProvider>(time);
        return new StorageHost(builder.Build(), time, logs);
    }

    /// <summary>Builds and starts the host; starting migrates the schema.</summary>
    public static async Task<StorageHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var host = Build(settings);
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
    {
        await _host.StartAsync(Deadline.Token());
        _started = true;
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A host whose start failed has nothing to stop, and says so by throwing.
            if (_started)
            {
                await _host.StopAsync(Deadline.Token());
            }
        }
        finally
        {
            if (_host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }
}
