using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansCsms.Ocpp.V201;

/// <summary>Moves typed 2.0.1 messages in and out of the <see cref="JsonElement"/> payloads of <see cref="OcppMessage"/>s.</summary>
public static class V201Json
{
    /// <summary>The payload for a CALL or CALLRESULT carrying <paramref name="message"/>.</summary>
    public static JsonElement ToPayload<T>(T message)
        where T : class =>
        JsonSerializer.SerializeToElement(message, TypeInfo<T>());

    /// <summary>Reads a payload that has already passed <see cref="V201Schemas"/> validation.</summary>
    /// <exception cref="JsonException">The payload does not fit <typeparamref name="T"/>.</exception>
    public static T FromPayload<T>(JsonElement payload)
        where T : class =>
        payload.Deserialize(TypeInfo<T>()) ?? throw new JsonException($"A {typeof(T).Name} payload cannot be null.");

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        V201JsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new ArgumentException($"{typeof(T).Name} is not an OCPP 2.0.1 message type.");
}
