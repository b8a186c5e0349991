using System.Net.WebSockets;

namespace OrleansCsms.Testing;

/// <summary>Reads whole WebSocket messages for the test charge points.</summary>
internal static class WebSocketMessages
{
    /// <summary>Receives frames into <paramref name="buffer"/> until the message ends; returns its last frame's result and its length.</summary>
    public static async Task<(WebSocketReceiveResult Result, int Length)> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return (result, length);
    }
}
