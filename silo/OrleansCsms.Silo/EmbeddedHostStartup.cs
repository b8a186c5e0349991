using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Silo;

/// <summary>Start-up duties of the embedded host: say which store is in use and forget connections from before a restart.</summary>
internal sealed partial class EmbeddedHostStartup(
    StorageDescription storage,
    ICsmsQueries queries,
    ILogger<EmbeddedHostStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogStorage(logger, storage.Description, storage.SurvivesRestart ? "survives a restart" : "is lost when the process stops");

        // This process is the only front-end: no socket from before a restart is still open.
        await queries.ResetPresenceAsync(null, cancellationToken);
    }

    // The silo deactivates every grain as it stops, and each writes what it kept in memory.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Description}; data {Durability}")]
    private static partial void LogStorage(ILogger logger, string description, string durability);
}
