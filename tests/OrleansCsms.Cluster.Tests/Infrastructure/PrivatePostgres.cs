using System.Diagnostics;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own — a Debian cluster made with pg_createcluster on a free port — so the test
/// can stop and start it without disturbing the shared server other tests use. Dropped when disposed.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly string[] Tools = ["pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "runuser"];
    private readonly string _version;
    private readonly string _name;

    private PrivatePostgres(string version, string name, int port)
    {
        _version = version;
        _name = name;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server with the csms role (CREATEDB), for <see cref="TestClusterOptions.PostgresServer"/>.</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=csms;Password=csms;Database=postgres;Timeout=5";

    /// <summary>Null when a private server can be made here, else why not.</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return $"it needs root on Linux to create a PostgreSQL cluster, and runs as {Environment.UserName} on {Environment.OSVersion}";
        }

        var missing = Tools.Where(tool => FindOnPath(tool) is null).ToArray();
        if (missing.Length > 0)
        {
            return $"{string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} not installed (Debian's postgresql-common provides them)";
        }

        return LatestVersion() is null ? "no PostgreSQL server is installed under /usr/lib/postgresql" : null;
    }

    public static async Task<PrivatePostgres> CreateAsync()
    {
        var version = LatestVersion() ?? throw new InvalidOperationException(WhyUnavailable());
        var server = new PrivatePostgres(version, $"csms_fault_{Guid.NewGuid().ToString("N")[..8]}", HostPorts.PickOne());
        try
        {
            await RunAsync("pg_createcluster", version, server._name, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-o", "max_connections=100", "-o", "shared_buffers=16MB");
            await server.StartAsync();
            await RunAsync("runuser", "-u", "postgres", "--", "psql", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE csms LOGIN PASSWORD 'csms' CREATEDB");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut), keeps it down for <paramref name="downtime"/>, starts it; returns how long it was unreachable.</summary>
    public async Task<TimeSpan> RestartAsync(TimeSpan downtime)
    {
        var down = Stopwatch.StartNew();
        await StopAsync();
        await Task.Delay(downtime);
        await StartAsync();
        return down.Elapsed;
    }

    /// <summary>Stops the server with a fast shutdown: sessions are cut, new connections refused.</summary>
    public Task StopAsync() => RunAsync("pg_ctlcluster", _version, _name, "stop", "-m", "fast");

    /// <summary>Starts the server and returns once it accepts connections; nothing happens when it is running.</summary>
    public async Task StartAsync()
    {
        if (!await IsRunningAsync())
        {
            await RunAsync("pg_ctlcluster", _version, _name, "start");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_dropcluster", "--stop", _version, _name);
        }
        catch (InvalidOperationException)
        {
            // Never created, or already gone.
        }
    }

    private async Task<bool> IsRunningAsync()
    {
        try
        {
            // pg_ctlcluster status exits 3 when the server is down.
            await RunAsync("pg_ctlcluster", _version, _name, "status");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    private static string? LatestVersion() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .Select(Path.GetFileName)
                .OrderBy(v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
                .LastOrDefault()
            : null;

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
}
