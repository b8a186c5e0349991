using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// HAProxy in front of a cluster's front-ends, run as a child process from the repository's own configuration
/// template (deploy/haproxy/haproxy.cfg) rendered the way deploy/local-cluster.sh renders it, on free loopback ports.
/// </summary>
public sealed partial class LoadBalancer : IAsyncDisposable
{
    /// <summary>Where Debian installs it; tests/run.sh installs it when missing.</summary>
    public const string HaproxyPath = "/usr/sbin/haproxy";

    // Killed when the test run ends, even if a fixture never got to.
    private static readonly ConcurrentDictionary<LoadBalancer, bool> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _configFile;

    static LoadBalancer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var balancer in Running.Keys)
        {
            balancer.Kill();
        }
    };

    private LoadBalancer(Process process, string configFile, int port, int statsPort)
    {
        _process = process;
        _configFile = configFile;
        Port = port;
        StatsPort = statsPort;
    }

    /// <summary>The public port: the API, the console and OCPP, as charge points and browsers see the cluster.</summary>
    public int Port { get; }

    public int StatsPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public Uri OcppUri(string chargePointId) => new($"ws://127.0.0.1:{Port}/ocpp/{Uri.EscapeDataString(chargePointId)}");

    /// <summary>The server names HAProxy gives the front-ends, in order: frontend-1, frontend-2, ...</summary>
    public static string ServerName(int index) => $"frontend-{index + 1}";

    /// <summary>Renders the template for <paramref name="frontEnds"/>, checks it with haproxy -c and starts HAProxy in the foreground.</summary>
    public static async Task<LoadBalancer> StartAsync(IReadOnlyList<HostProcess> frontEnds)
    {
        var (port, statsPort) = (HostPorts.PickOne(), HostPorts.PickOne());
        var configFile = Path.Combine(Path.GetTempPath(), $"csms-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(configFile, Render(await File.ReadAllTextAsync(TemplatePath), port, statsPort, frontEnds));

        var check = await RunToEndAsync(HaproxyPath, "-c", "-f", configFile);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"HAProxy rejects the rendered {TemplatePath}:\n{check.Output}");
        }

        var start = new ProcessStartInfo(HaproxyPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-db", "-f", configFile })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var balancer = new LoadBalancer(process, configFile, port, statsPort);
        process.OutputDataReceived += (_, e) => balancer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => balancer.Append(e.Data);
        process.Start();
        Running[balancer] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return balancer;
    }

    /// <summary>The template with the addresses and one "server" line per front-end, as deploy/local-cluster.sh renders it.</summary>
    public static string Render(string template, int port, int statsPort, IReadOnlyList<HostProcess> frontEnds)
    {
        var servers = string.Concat(frontEnds.Select((f, i) => $"    server {ServerName(i)} 127.0.0.1:{f.Ports.Http} check\n"));
        var lines = template.ReplaceLineEndings("\n").Split('\n')
            .Select(line => ServersPlaceholder().IsMatch(line)
                ? servers.TrimEnd('\n')
                : line.Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal).Replace("@STATS@", $"127.0.0.1:{statsPort}", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Waits until HAProxy's health checks find every front-end up, so that balancing spreads over all of them from the
    /// first request on. Reads the stats page's CSV, where each server's row says UP once its checks pass.
    /// </summary>
    public async Task WaitUntilAllUpAsync(int frontEnds, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async token =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"HAProxy exited with code {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    return await http.GetStringAsync(new Uri($"http://127.0.0.1:{StatsPort}/;csv"), token);
                }
                catch (HttpRequestException)
                {
                    return "";
                }
            },
            csv => UpServers(csv).Count == frontEnds,
            timeout,
            $"HAProxy (port {Port}) to find all {frontEnds} front-ends up",
            csv => $"{csv}\n{Output}");
    }

    /// <summary>The front-end servers the stats CSV shows UP.</summary>
    public static IReadOnlyList<string> UpServers(string csv) =>
        [.. csv.Split('\n').Select(line => line.Split(',')).Where(f => f.Length > 17 && f[0] == "frontends" && f[1].StartsWith("frontend-", StringComparison.Ordinal) && f[17].StartsWith("UP", StringComparison.Ordinal)).Select(f => f[1])];

    /// <summary>What HAProxy wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
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
            // Nothing more a test can do about a process that will not die.
        }

        Running.TryRemove(this, out _);
        _process.Dispose();
        File.Delete(_configFile);
    }

    private static string TemplatePath => Path.Combine(HostBuild.RepositoryRoot, "deploy", "haproxy", "haproxy.cfg");

    private void Kill()
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    [GeneratedRegex(@"^[ \t]*# @FRONTEND_SERVERS@[ \t]*$")]
    private static partial Regex ServersPlaceholder();
}
