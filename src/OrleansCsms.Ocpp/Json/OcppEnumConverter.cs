using System.Text.Json.Serialization;

namespace OrleansCsms.Ocpp;

/// <summary>
/// Serializes an OCPP enum as its wire string (see <see cref="JsonStringEnumMemberNameAttribute"/>)
/// and refuses numbers, which no OCPP schema allows for an enum.
/// </summary>
public sealed class OcppEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
