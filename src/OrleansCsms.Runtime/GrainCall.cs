using System.Reflection;

namespace OrleansCsms.Runtime;

/// <summary>One call on a grain reference: the target, the interface method and its arguments.</summary>
public sealed record GrainCall(GrainId Target, Type GrainInterface, MethodInfo Method, object?[] Arguments)
{
    /// <summary>Whether the method may run interleaved with the grain's other turns.</summary>
    public bool Interleaves => GrainMethods.Interleaves(Method);
}

/// <summary>
/// Delivers grain calls to wherever the target grain is activated. Grain references go through it, so the
/// same reference works in one process (local activations) or across a cluster (a remote silo).
/// </summary>
public interface IGrainCallRouter
{
    /// <summary>Delivers the call and returns the method's result (null for a plain <see cref="Task"/>).</summary>
    Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken);
}

internal static class GrainMethods
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, bool> InterleaveCache = new();

    public static bool Interleaves(MethodInfo method) =>
        InterleaveCache.GetOrAdd(method, static m => m.GetCustomAttribute<InterleaveAttribute>() is not null);
}
