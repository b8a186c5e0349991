using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Runs before the server accepts anything (Starting comes ahead of every StartAsync, the server's too): reads the
/// token signing key, creates the configured first admin, and refuses to start, so the process exits non-zero,
/// when the API would be open (no key, no account) on an address beyond loopback.
/// </summary>
internal sealed partial class OperatorAccessStartup(
    IConfiguration configuration,
    IServer server,
    IOptions<AuthOptions> auth,
    IOperatorAccountStore accounts,
    PasswordHashing passwords,
    OperatorAccountPresence presence,
    TokenSigningKey signingKey,
    AdmissionPolicy admission,
    TimeProvider time,
    ILogger<OperatorAccessStartup> logger) : IHostedLifecycleService
{
    public const string AddAdminCommand = "dotnet run --project silo/OrleansCsms.Silo -- accounts add-admin <name>";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await signingKey.LoadAsync(cancellationToken);
        await CreateInitialAdminAsync(cancellationToken);

        if (await presence.IsOpenAsync(cancellationToken))
        {
            var exposed = ConfiguredAddresses().Where(a => !IsLoopback(a)).ToList();
            if (exposed.Count > 0)
            {
                LogOpenBeyondLoopback(logger, string.Join(", ", exposed));
                throw new InvalidOperationException(
                    $"Refusing to serve an operator API without credentials on {string.Join(", ", exposed)}: configure Api:Keys or an operator account " +
                    $"(Auth:InitialAdmin, or {AddAdminCommand}), or listen on 127.0.0.1 only.");
            }

            LogOpen(logger, AddAdminCommand);
        }

        LogAdmission(logger, await admission.DescribeAsync(cancellationToken));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateInitialAdminAsync(CancellationToken cancellationToken)
    {
        var initial = auth.Value.InitialAdmin;
        if (string.IsNullOrWhiteSpace(initial.Name) || string.IsNullOrEmpty(initial.Password))
        {
            if (!string.IsNullOrWhiteSpace(initial.Name) || !string.IsNullOrEmpty(initial.Password))
            {
                LogIncompleteInitialAdmin(logger);
            }

            return;
        }

        var now = time.GetUtcNow();
        var account = new OperatorAccount(initial.Name.Trim(), passwords.Hash(initial.Password), OperatorRole.Admin, Disabled: false, now, now);
        if (await accounts.CreateFirstAsync(account, cancellationToken))
        {
            presence.AccountCreated();
            LogInitialAdminCreated(logger, account.Name);
        }
    }

    /// <summary>Every address the server is told to listen on, before it binds any.</summary>
    private IEnumerable<string> ConfiguredAddresses()
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = new[] { "http_ports", "https_ports" }
            .SelectMany(key => (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(port => $"http://*:{port}");
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]);
        var tls = new[] { configuration["Tls:Url"], configuration["Tls:ClientCertificateUrl"] };
        var added = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return urls.Concat(ports).Concat(endpoints).Concat(tls).Concat(added)
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a!)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    internal static bool IsLoopback(string address)
    {
        var normalised = address.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to serve an operator API without credentials on {Addresses}: configure Api:Keys or an operator account, or listen on 127.0.0.1 only")]
    private static partial void LogOpenBeyondLoopback(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key and no operator account: the operator API is open to anyone who can reach it, so it listens on loopback only. Create the first admin with: {Command}")]
    private static partial void LogOpen(ILogger logger, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:InitialAdmin needs both a name and a password; without either no account is created")]
    private static partial void LogIncompleteInitialAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin account '{Name}' from Auth:InitialAdmin")]
    private static partial void LogInitialAdminCreated(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission policy: {Admission}")]
    private static partial void LogAdmission(ILogger logger, string admission);
}
