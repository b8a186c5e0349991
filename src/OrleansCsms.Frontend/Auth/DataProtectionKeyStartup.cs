using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Makes sure the cluster has one data-protection key before this front-end serves anything. Left to itself, every
/// front-end that starts on a database without a usable key makes its own and keeps encrypting with it, so front-ends
/// started together each refuse the others' sign-in cookies until their key rings next reload, up to a day later.
/// Here one front-end claims the making of the key in the database and makes it; the others wait for it and load it.
/// The keys that replace it later are made days ahead of their activation, which every front-end loads in time.
/// </summary>
internal sealed partial class DataProtectionKeyStartup(
    IKeyManager keys,
    ISharedSecretStore secrets,
    IOptions<KeyManagementOptions> options,
    TimeProvider time,
    ILogger<DataProtectionKeyStartup> logger) : IHostedLifecycleService
{
    private const string ClaimPurpose = "data-protection-key-claim";

    /// <summary>How long a front-end waits for the one that claimed the key before it makes one of its own.</summary>
    internal static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var known = keys.GetAllKeys();
        if (HasUsableKey(known))
        {
            return;
        }

        // One claim per generation of keys: named by the latest expiry so far, so a ring whose keys all ran out
        // (or were revoked) is renewed by one front-end again.
        var generation = known.Count == 0 ? "first" : known.Max(k => k.ExpirationDate).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mine = Guid.NewGuid().ToString("N");
        if (await secrets.GetOrAddAsync(ClaimPurpose, generation, mine, cancellationToken) == mine)
        {
            MakeKey();
            LogKeyMade(logger);
            return;
        }

        var deadline = time.GetUtcNow() + ClaimWait;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(ClaimPoll, time, cancellationToken);
            if (HasUsableKey(keys.GetAllKeys()))
            {
                return;
            }
        }

        // The front-end that claimed it never made it (it stopped): this one does, as the framework would have.
        LogClaimAbandoned(logger, ClaimWait.TotalSeconds);
        MakeKey();
    }

    /// <summary>A key active from now for the configured lifetime, as the framework makes its first one.</summary>
    private void MakeKey()
    {
        var now = time.GetUtcNow();
        keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool HasUsableKey(IReadOnlyCollection<IKey> ring)
    {
        var now = time.GetUtcNow();
        return ring.Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the cluster's first data-protection key (what sign-in cookies are encrypted with); the other front-ends load it")]
    private static partial void LogKeyMade(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The front-end that claimed the making of the data-protection key made none in {Seconds} s; this one makes its own")]
    private static partial void LogClaimAbandoned(ILogger logger, double seconds);
}
