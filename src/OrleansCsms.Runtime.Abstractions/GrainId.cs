namespace OrleansCsms.Runtime;

/// <summary>Identity of a grain: its type name (the interface name without the leading I and trailing Grain) and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Returns the grain type name for a grain interface, e.g. <c>IChargePointGrain</c> → <c>ChargePoint</c>.</summary>
    public static string TypeNameOf(Type grainInterface)
    {
        var name = grainInterface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        return name.EndsWith("Grain", StringComparison.Ordinal) ? name[..^"Grain".Length] : name;
    }

    /// <summary>Creates the identity of the grain behind <typeparamref name="TGrain"/> with the given key.</summary>
    public static GrainId For<TGrain>(string key) where TGrain : IGrain => new(TypeNameOf(typeof(TGrain)), key);

    public override string ToString() => $"{Type}/{Key}";
}
