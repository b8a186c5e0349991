using OrleansCsms.Grains;
using OrleansCsms.Runtime;
using OrleansCsms.Storage;

namespace OrleansCsms.Silo;

/// <summary>
/// Start-up duties of the embedded host: say which store is in use, forget connections from before a
/// restart, and persist every grain on the way out.
/// </summary>
internal sealed partial class EmbeddedHostStartup(
    StorageDescription storage,
    ICsmsQueries queries,
    LocalGrainRouter grains,
    ILogger<EmbeddedHostStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogStorage(logger, storage.Description, storage.SurvivesRestart ? "survives a restart" : "is lost when the process stops");

        // This process is the only front-end: no socket from before a restart is still open.
        await queries.ResetPresenceAsync(null, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => grains.DeactivateAllAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Description}; data {Durability}")]
    private static partial void LogStorage(ILogger logger, string description, string durability);
}
