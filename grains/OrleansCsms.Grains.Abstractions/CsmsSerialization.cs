using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansCsms.Grains;

/// <summary>How grain messages are serialized beyond the generated serializers.</summary>
public static class CsmsSerialization
{
    /// <summary>
    /// Raw OCPP payloads (<see cref="JsonElement"/>) cross grain boundaries as JSON text: they are JSON on the wire
    /// and in the message log, and no generated serializer could describe an arbitrary document. Silos and clients both need this.
    /// </summary>
    public static IServiceCollection AddCsmsSerialization(this IServiceCollection services)
    {
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type == typeof(JsonElement)));

        // A storage failure reaches the caller as itself (type and message), so a front-end can answer 503, not 500.
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
        return services;
    }
}
