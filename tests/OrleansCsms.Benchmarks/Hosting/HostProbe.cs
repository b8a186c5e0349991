using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// Runs inside the host process (loaded as a startup hook) and answers one question over a Unix socket: how
/// big is the managed heap after a full, compacting collection. No other tool can ask a child process that
/// without dotnet-counters, which the package feed lacks.
/// </summary>
public static class HostProbe
{
    /// <summary>Environment variable holding the socket path; without it the probe stays off.</summary>
    public const string SocketVariable = "CSMS_BENCHMARK_PROBE";

    public static void Start()
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } path)
        {
            return;
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        var thread = new Thread(() => Serve(listener)) { IsBackground = true, Name = "Benchmark probe" };
        thread.Start();
    }

    private static void Serve(Socket listener)
    {
        var buffer = new byte[64];
        while (true)
        {
            using var client = listener.Accept();
            if (client.Receive(buffer) > 0)
            {
                client.Send(Encoding.UTF8.GetBytes(Measure() + "\n"));
            }
        }
    }

    private static string Measure()
    {
        // Twice, so that objects kept alive only by finalizers are gone too.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"liveBytes\":{GC.GetTotalMemory(false)},\"heapBytes\":{info.HeapSizeBytes},\"committedBytes\":{info.TotalCommittedBytes},\"workingSetBytes\":{Environment.WorkingSet},\"threads\":{ThreadPool.ThreadCount},\"serverGc\":{(System.Runtime.GCSettings.IsServerGC ? "true" : "false")}}}");
    }
}
