namespace OrleansCsms.Runtime;

/// <summary>Hands out grain references bound to a router.</summary>
public sealed class GrainFactory(IGrainCallRouter router) : IGrainFactory
{
    /// <inheritdoc />
    public TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return GrainReference.Create<TGrain>(router, GrainId.For<TGrain>(key));
    }
}
