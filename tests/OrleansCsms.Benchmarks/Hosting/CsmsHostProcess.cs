using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// The embedded host under test, started from its Release build as a child process on loopback: its memory and
/// CPU time are its own, and it gets its own file-descriptor budget next to the load generator's.
/// </summary>
public sealed class CsmsHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _probeSocket;

    private CsmsHostProcess(Process process, StreamWriter log, string probeSocket, Uri baseAddress, HostStorage storage)
    {
        _process = process;
        _log = log;
        _probeSocket = probeSocket;
        BaseAddress = baseAddress;
        Storage = storage;
    }

    public Uri BaseAddress { get; }

    public HostStorage Storage { get; }

    public Uri OcppEndpoint => new($"ws://{BaseAddress.Authority}/ocpp");

    public Uri ApiBase => new(BaseAddress, "/api");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the host has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident set size of the host process.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The host's path: the silo's build output of the same configuration as this program.</summary>
    public static string SiloAssembly =>
        typeof(CsmsHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "SiloAssembly").Value!;

    /// <summary>The cluster front-end host's path, built alongside the silo.</summary>
    public static string FrontEndAssembly =>
        typeof(CsmsHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "FrontEndAssembly").Value!;

    /// <summary>A free loopback port, for a host that must know its own address before it starts (cluster processes advertise it).</summary>
    public static int FreePort() => FreeLoopbackPort();

    /// <summary>
    /// Starts a host with <paramref name="storage"/> and extra configuration, and waits until it is ready: the silo host
    /// by default, or <paramref name="assembly"/> (e.g. the front-end host) on <paramref name="port"/>.
    /// </summary>
    public static async Task<CsmsHostProcess> StartAsync(
        HostStorage storage, IReadOnlyDictionary<string, string> settings, string logPath, CancellationToken cancellationToken, string? assembly = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(settings);
        assembly ??= SiloAssembly;
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"The host is not built at {assembly}; build the solution in this configuration first.");
        }

        var chosenPort = port ?? FreeLoopbackPort();
        var probeSocket = Path.Combine(Path.GetTempPath(), $"csms-bench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.sock");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly, "--contentRoot", Path.GetDirectoryName(assembly)!, "--Urls", $"http://127.0.0.1:{chosenPort}" })
        {
            start.ArgumentList.Add(argument);
        }

        // Console logging of every connection would cost the host more than the work measured.
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        foreach (var argument in storage.Arguments.Concat(configuration.SelectMany(c => new[] { $"--{c.Key}", c.Value })))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(HostProbe).Assembly.Location;
        start.Environment[HostProbe.SocketVariable] = probeSocket;
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new CsmsHostProcess(process, log, probeSocket, new Uri($"http://127.0.0.1:{chosenPort}"), storage);
        try
        {
            await host.WaitUntilReadyAsync(logPath, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host's managed heap after a full collection; null when the probe does not answer.</summary>
    public Task<HeapSnapshot?> TakeHeapSnapshotAsync(CancellationToken cancellationToken) => HeapSnapshot.TakeAsync(_probeSocket, cancellationToken);

    /// <summary>Kills the host at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        File.Delete(_probeSocket);
    }

    private async Task WaitUntilReadyAsync(string logPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} while starting; see {logPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Too slow to answer yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"The host was not ready within {StartTimeout.TotalSeconds} s; see {logPath}.");
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream is { CanWrite: true })
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
