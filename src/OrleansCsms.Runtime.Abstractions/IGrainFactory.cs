namespace OrleansCsms.Runtime;

/// <summary>Hands out references to grains; calls on a reference are routed to wherever the grain is activated.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrain"/> with the given key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrain;
}
