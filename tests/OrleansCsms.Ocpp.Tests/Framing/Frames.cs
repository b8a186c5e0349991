using System.Text;

namespace OrleansCsms.Ocpp.Tests.Framing;

internal static class Frames
{
    public static OcppFrameReadResult Read(string frame) => OcppFrameReader.Read(Encoding.UTF8.GetBytes(frame));

    public static OcppFrameError ReadError(string frame)
    {
        var result = Read(frame);
        Assert.False(result.IsSuccess, $"Expected frame {frame} to be rejected, but it was read as {result.Message}.");
        return result.Error;
    }

    public static T ReadMessage<T>(string frame)
        where T : OcppMessage
    {
        var result = Read(frame);
        Assert.True(result.IsSuccess, $"Expected frame {frame} to be read, but it was rejected: {result.Error}.");
        return Assert.IsAssignableFrom<T>(result.Message);
    }

    public static string Write(OcppMessage message, OcppVersion version = OcppVersion.V16) =>
        Encoding.UTF8.GetString(OcppFrameWriter.ToBytes(message, version));
}
