using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>The two kinds of cluster process.</summary>
public enum HostRole
{
    Silo,
    FrontEnd,
}

/// <summary>
/// One silo or front-end running as a real child process on a loopback port, so killing it is real. Its output is
/// kept in a ring of recent lines for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int LogLinesKept = 2000;
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private readonly StreamWriter? _logFile;

    private HostProcess(string name, HostRole role, int port, Process process, string? logFile)
    {
        Name = name;
        Role = role;
        Port = port;
        _process = process;
        _logFile = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
    }

    /// <summary>A folder to also write every process's whole output to (one file each), e.g. to keep as CI artifacts.</summary>
    public static string? LogFolder { get; } = Environment.GetEnvironmentVariable("CSMS_CLUSTER_TEST_LOGS");

    /// <summary>How tests and failure messages name it, e.g. "silo 1".</summary>
    public string Name { get; }

    public HostRole Role { get; }

    public int Port { get; }

    /// <summary>Its HTTP address, which is also the address it advertises to the cluster.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Where charge points connect (front-ends only).</summary>
    public Uri OcppUri(string chargePointId) => new($"ws://127.0.0.1:{Port}/ocpp/{Uri.EscapeDataString(chargePointId)}");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the host's build output with <paramref name="settings"/> as command-line configuration.</summary>
    public static HostProcess Start(string name, HostRole role, IReadOnlyDictionary<string, string> settings, string clusterName)
    {
        var assembly = role == HostRole.Silo ? HostBuild.SiloAssembly : HostBuild.FrontEndAssembly;
        var port = FreeLoopbackPort();
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
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Cluster:AdvertisedAddress"] = $"http://127.0.0.1:{port}",
            ["contentRoot"] = folder,
        };
        if (role == HostRole.Silo)
        {
            arguments["Cluster:Role"] = "Silo";
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
        var logFile = LogFolder is null ? null : Path.Combine(Directory.CreateDirectory(LogFolder).FullName, $"{clusterName}-{name.Replace(' ', '-')}.log");
        var host = new HostProcess(name, role, port, process, logFile);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until GET /health/ready answers 200; fails naming this process, with the end of its log.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        var last = "no answer yet";
        while (waited.Elapsed < timeout)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting.\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} (pid {ProcessId}, {BaseAddress}) was not ready within {timeout.TotalSeconds:0} s; /health/ready last said: {last}\n{LogTail()}");
    }

    /// <summary>kill -9: the process gets no chance to hand anything over.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM, then waits for the process to finish its graceful shutdown; kills it past <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
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
    public bool LogContains(string text)
    {
        lock (_log)
        {
            return _log.Any(line => line.Contains(text, StringComparison.Ordinal));
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
