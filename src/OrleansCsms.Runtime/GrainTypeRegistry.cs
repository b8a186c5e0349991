using System.Reflection;

namespace OrleansCsms.Runtime;

/// <summary>Which implementation class serves each grain interface, and how to build its persistent state.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainType> _byName = new(StringComparer.Ordinal);

    /// <summary>Maps <typeparamref name="TGrain"/> to <typeparamref name="TImplementation"/>.</summary>
    public void Register<TGrain, TImplementation>()
        where TGrain : class, IGrain
        where TImplementation : Grain, TGrain
    {
        var name = GrainId.TypeNameOf(typeof(TGrain));
        _byName[name] = new GrainType(name, typeof(TGrain), typeof(TImplementation), FindStateType(typeof(TImplementation)));
    }

    /// <summary>Returns the registration of a grain type name.</summary>
    public GrainType Get(string grainType) =>
        _byName.TryGetValue(grainType, out var type)
            ? type
            : throw new InvalidOperationException($"No grain implementation is registered for grain type '{grainType}'.");

    private static Type? FindStateType(Type implementation)
    {
        var constructor = implementation.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Single();
        return constructor.GetParameters()
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IPersistentState<>))
            .Select(t => t.GetGenericArguments()[0])
            .SingleOrDefault();
    }
}

/// <summary>A registered grain type: its name, interface, implementation and state type (if it has one).</summary>
public sealed record GrainType(string Name, Type Interface, Type Implementation, Type? StateType);
