using System.Text;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster;

/// <summary>Maps a grain to its partition with FNV-1a over "Type/Key": stable across processes, versions and platforms.</summary>
public static class PartitionHash
{
    public static int Of(GrainId grain, int partitions)
    {
        const uint offset = 2166136261;
        const uint prime = 16777619;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var text = $"{grain.Type}/{grain.Key}";
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * prime;
        }

        return (int)(hash % (uint)partitions);
    }
}
