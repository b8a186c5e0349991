using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The wire spelling of OCPP enum values (e.g. "Energy.Active.Import.Register"), as the grains keep them.</summary>
internal static class OcppWireNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names.GetOrAdd(value, Lookup);

    public static string? Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Of(v) : null;

    private static string Lookup(Enum value)
    {
        var name = value.ToString();
        return value.GetType().GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? name;
    }
}
