using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>The two kinds of cluster process.</summary>
public enum HostRole
{
    Silo,
    FrontEnd,
}

/// <summary>
/// One silo or front-end running as a real child process on loopback ports of its own, so killing it is real. Its
/// output is kept in a ring of recent lines for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int LogLinesKept = 2000;

    // Every process started and not yet disposed: killed when the test run ends, even if a fixture never got to.
    private static readonly ConcurrentDictionary<HostProcess, bool> Running = new();

    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly StreamWriter? _logFile;

    static HostProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Keys)
        {
            process.Kill();
        }
    };

    private HostProcess(string name, HostRole role, HostPorts ports, Process process, string? logFile)
    {
        Name = name;
        Role = role;
        Ports = ports;
        _process = process;
        _logFile = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
    }

    /// <summary>A folder to also write every process's whole output to (one file each), e.g. to keep as CI artifacts.</summary>
    public static string? LogFolder { get; } = Environment.GetEnvironmentVariable("CSMS_CLUSTER_TEST_LOGS");

    /// <summary>How tests and failure messages name it, e.g. "silo 1".</summary>
    public string Name { get; }

    public HostRole Role { get; }

    public HostPorts Ports { get; }

    /// <summary>Its HTTP address: health, metrics and, on a front-end, the API.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Ports.Http}");

    /// <summary>Where charge points connect (front-ends only).</summary>
    public Uri OcppUri(string chargePointId) => new($"ws://127.0.0.1:{Ports.Http}/ocpp/{Uri.EscapeDataString(chargePointId)}");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the host's build output with <paramref name="settings"/> as command-line configuration.</summary>
    public static HostProcess Start(string name, HostRole role, HostPorts ports, IReadOnlyDictionary<string, string> settings, string logPrefix)
    {
        var assembly = role == HostRole.Silo ? HostBuild.SiloAssembly : HostBuild.FrontEndAssembly;
        var folder = Path.GetDirectoryName(assembly)!;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["Urls"] = $"http://127.0.0.1:{ports.Http}",
            ["contentRoot"] = folder,
        };
        if (role == HostRole.Silo)
        {
            arguments["Cluster:Role"] = "Silo";
            arguments["Cluster:AdvertisedAddress"] = "127.0.0.1";
            arguments["Cluster:SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
            arguments["Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture);
        }

        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var logFile = LogFolder is null ? null : Path.Combine(Directory.CreateDirectory(LogFolder).FullName, $"{logPrefix}-{name.Replace(' ', '-')}.log");
        var host = new HostProcess(name, role, ports, process, logFile);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        Running[host] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until GET /health/ready answers 200; fails naming this process, with the end of its log.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        var last = "no answer yet";
        while (waited.Elapsed < timeout)
        {
            if (HasExited)
            {
                throw new HostExitedException($"{Name} exited with code {_process.ExitCode} while starting.\n{LogTail()}", LogContains("Address already in use"));
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} (pid {ProcessId}, {BaseAddress}) was not ready within {timeout.TotalSeconds:0} s; /health/ready last said: {last}\n{LogTail()}");
    }

    /// <summary>kill -9: the process gets no chance to hand anything over. Returns once it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or gone between the check and the kill.
        }
    }

    /// <summary>SIGTERM, then waits for the process to finish its graceful shutdown; kills it past <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} (pid {ProcessId}) did not finish a graceful stop within {timeout.TotalSeconds:0} s of SIGTERM; killed it.\n{LogTail()}");
        }
    }

    /// <summary>The last lines the process wrote, headed by its name, for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        lock (_log)
        {
            return $"--- last {Math.Min(lines, _log.Count)} lines of {Name}'s output ---\n{string.Join('\n', _log.Skip(Math.Max(0, _log.Count - lines)))}";
        }
    }

    /// <summary>Whether any line of the output so far contains <paramref name="text"/>.</summary>
    public bool LogContains(string text) => LogCount(text) > 0;

    /// <summary>How many lines of the output so far contain <paramref name="text"/>.</summary>
    public int LogCount(string text)
    {
        lock (_log)
        {
            return _log.Count(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that will not die is the operating system's problem now; the database is dropped with FORCE anyway.
        }

        Running.TryRemove(this, out _);
        _process.Dispose();
        lock (_log)
        {
            _logFile?.Dispose();
        }
    }

    public override string ToString() => $"{Name} ({BaseAddress}, pid {_process.Id})";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            _logFile?.WriteLine(line);
            if (_log.Count > LogLinesKept)
            {
                _log.Dequeue();
            }
        }
    }
}

/// <summary>A process exited while starting; <see cref="PortTaken"/> when another process had taken one of its ports meanwhile.</summary>
public sealed class HostExitedException(string message, bool portTaken) : Exception(message)
{
    public bool PortTaken { get; } = portTaken;
}
