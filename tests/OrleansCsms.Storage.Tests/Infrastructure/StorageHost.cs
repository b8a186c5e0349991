using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansCsms.Storage.Tests;

/// <summary>A host with nothing but <c>AddCsmsStorage</c>, configured the way a real host would be.</summary>
public sealed class StorageHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private StorageHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    internal IStorageEngine Engine => Get<IStorageEngine>();

    /// <summary>Builds the host without starting it, so nothing has touched the database yet.</summary>
    public static StorageHost Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddCsmsStorage(builder.Configuration);
        return new StorageHost(builder.Build());
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
