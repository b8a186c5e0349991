using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OrleansCsms.Ocpp;

/// <summary>Checks a payload against a <see cref="SchemaNode"/> and names the first violation.</summary>
/// <remarks>
/// Runs on every frame, so the valid path allocates nothing: property names and enum values are
/// compared as raw UTF-8, and the path to a violation is only assembled once one is found.
/// Integers must fit in 32 bits (OCPP's integer type) and numbers in a decimal, so that a payload
/// that passes here always deserializes into the typed models.
/// </remarks>
public static class OcppPayloadValidator
{
    public static ValidationResult Validate(JsonElement payload, SchemaNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type == SchemaType.Object && payload.ValueKind != JsonValueKind.Object)
        {
            return ValidationResult.Invalid(OcppErrorCode.FormationViolation,
                $"Payload must be a JSON object but is {Describe(payload.ValueKind)}.");
        }

        var violation = Check(payload, schema);
        return violation is null ? ValidationResult.Valid : violation.ToResult();
    }

    private static Violation? Check(JsonElement value, SchemaNode schema) => schema.Type switch
    {
        SchemaType.Object => CheckObject(value, schema),
        SchemaType.Array => CheckArray(value, schema),
        SchemaType.String => CheckString(value, schema),
        SchemaType.Integer => CheckInteger(value, schema),
        SchemaType.Number => CheckNumber(value, schema),
        SchemaType.Any => null,
        _ => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : WrongType(value, "a boolean"),
    };

    private static Violation? CheckObject(JsonElement value, SchemaNode schema)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return WrongType(value, "an object");
        }

        var properties = schema.PropertyArray;
        ulong seen = 0;
        var next = 0;
        foreach (var property in value.EnumerateObject())
        {
            var index = Find(properties, property, next);
            if (index < 0)
            {
                if (schema.AdditionalProperties)
                {
                    continue;
                }

                return new Violation(OcppErrorCode.PropertyConstraintViolation, "property is not allowed by the schema")
                    .At(property.Name);
            }

            seen |= 1UL << index;
            next = index + 1;
            if (Check(property.Value, properties[index].Schema) is { } violation)
            {
                return violation.At(properties[index].Name);
            }
        }

        var missing = schema.RequiredMask & ~seen;
        if (missing != 0)
        {
            var first = properties[BitOperations.TrailingZeroCount(missing)];
            return new Violation(OcppErrorCode.OccurrenceConstraintViolation, "required property is missing").At(first.Name);
        }

        return null;
    }

    /// <summary>Finds a declared property, trying first where schema order says it should be.</summary>
    private static int Find(SchemaProperty[] properties, JsonProperty property, int expected)
    {
        for (var i = expected; i < properties.Length; i++)
        {
            if (property.NameEquals(properties[i].Utf8Name))
            {
                return i;
            }
        }

        for (var i = 0; i < expected && i < properties.Length; i++)
        {
            if (property.NameEquals(properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static Violation? CheckArray(JsonElement value, SchemaNode schema)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return WrongType(value, "an array");
        }

        var count = value.GetArrayLength();
        if (count < schema.MinItems)
        {
            return new Violation(OcppErrorCode.OccurrenceConstraintViolation,
                $"has {count} items but needs at least {schema.MinItems}");
        }

        if (count > schema.MaxItems)
        {
            return new Violation(OcppErrorCode.OccurrenceConstraintViolation,
                $"has {count} items but allows at most {schema.MaxItems}");
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Check(item, schema.Items!) is { } violation)
            {
                return violation.At(index);
            }

            index++;
        }

        return null;
    }

    private static Violation? CheckString(JsonElement value, SchemaNode schema)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(value, "a string");
        }

        if (schema.EnumUtf8 is { } allowed && !IsOneOf(value, allowed))
        {
            return new Violation(OcppErrorCode.PropertyConstraintViolation,
                $"value is not one of {string.Join(", ", schema.EnumValues)}");
        }

        if (schema.MaxLength is { } maxLength && !Utf8Text.FitsLength(value, maxLength))
        {
            return new Violation(OcppErrorCode.PropertyConstraintViolation, $"string is longer than {maxLength} characters");
        }

        if (schema.Format == StringFormat.DateTime && !Utf8Text.IsDateTime(value))
        {
            return new Violation(OcppErrorCode.TypeConstraintViolation, "string is not an RFC 3339 date-time");
        }

        return null;
    }

    private static bool IsOneOf(JsonElement value, byte[][] allowed)
    {
        foreach (var candidate in allowed)
        {
            if (value.ValueEquals(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static Violation? CheckInteger(JsonElement value, SchemaNode schema)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return WrongType(value, "an integer");
        }

        return value.TryGetInt32(out var integer)
            ? CheckRange(integer, schema)
            : new Violation(OcppErrorCode.TypeConstraintViolation, $"expected a 32-bit integer but found {Excerpt(value)}");
    }

    private static Violation? CheckNumber(JsonElement value, SchemaNode schema)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return WrongType(value, "a number");
        }

        if (!value.TryGetDecimal(out var number))
        {
            return new Violation(OcppErrorCode.TypeConstraintViolation, $"number {Excerpt(value)} is out of range");
        }

        if (schema.MultipleOf is { } step && number % step != 0)
        {
            return new Violation(OcppErrorCode.PropertyConstraintViolation, $"{number} is not a multiple of {step}");
        }

        return CheckRange(number, schema);
    }

    private static Violation? CheckRange(decimal number, SchemaNode schema)
    {
        if (number < schema.Minimum)
        {
            return new Violation(OcppErrorCode.PropertyConstraintViolation, $"{number} is below the minimum {schema.Minimum}");
        }

        if (number > schema.Maximum)
        {
            return new Violation(OcppErrorCode.PropertyConstraintViolation, $"{number} is above the maximum {schema.Maximum}");
        }

        return null;
    }

    private static Violation WrongType(JsonElement value, string expected) =>
        new(OcppErrorCode.TypeConstraintViolation, $"expected {expected} but found {Describe(value.ValueKind)}");

    private static string Excerpt(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return Encoding.UTF8.GetString(raw.Length > 40 ? raw[..40] : raw);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
