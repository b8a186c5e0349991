using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OrleansCsms.Benchmarks;

/// <summary>The host's memory after a full collection, as its <see cref="HostProbe"/> reports it.</summary>
public sealed record HeapSnapshot(long LiveBytes, long HeapBytes, long CommittedBytes, long WorkingSetBytes, int Threads, bool ServerGc)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asks the probe listening on <paramref name="socketPath"/>; null when it does not answer.</summary>
    public static async Task<HeapSnapshot?> TakeAsync(string socketPath, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            await socket.SendAsync("heap\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[1024];
            var text = new StringBuilder();
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (text.ToString().Contains('\n', StringComparison.Ordinal))
                {
                    break;
                }
            }

            return JsonSerializer.Deserialize<HeapSnapshot>(text.ToString(), Json);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or JsonException or IOException)
        {
            return null;
        }
    }
}
