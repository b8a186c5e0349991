using System.Text.Json.Serialization;

namespace OrleansCsms.Ocpp.V201;

/// <summary>Source-generated serialization of every 2.0.1 request and confirmation (the list lives in the generated half).</summary>
/// <remarks>
/// Absent optional fields are left out rather than written as null, which the 2.0.1 schemas
/// would reject; dates go through <see cref="OcppDateTimeOffsetConverter"/> so that a date
/// without an offset means UTC on both the validation and the deserialization path.
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(OcppDateTimeOffsetConverter)])]
public sealed partial class V201JsonContext : JsonSerializerContext;
