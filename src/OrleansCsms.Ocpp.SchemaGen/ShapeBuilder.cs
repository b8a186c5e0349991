using System.Text.Json;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>Turns draft-07 schema nodes into <see cref="Shape"/>s, giving every object and enum one C# name.</summary>
/// <remarks>
/// Refuses any keyword it does not understand, so a schema change can never be silently dropped
/// from validation.
/// </remarks>
internal sealed class ShapeBuilder
{
    // Annotations document a value without constraining it.
    private static readonly HashSet<string> Annotations = ["description", "title", "$comment", "javaType", "default"];

    private static readonly HashSet<string> Supported =
    [
        "$id", "$schema", "$ref", "definitions", "type", "properties", "required", "additionalProperties",
        "maxLength", "enum", "format", "multipleOf", "minItems", "maxItems", "items", "additionalItems",
        "minimum", "maximum", .. Annotations,
    ];

    private readonly Dictionary<string, NamedShape> _named = new(StringComparer.Ordinal);

    /// <summary>Every object and enum met so far, in the order first met.</summary>
    public IEnumerable<NamedShape> NamedShapes => _named.Values;

    public MessageSchema Build(JsonElement schema)
    {
        var id = schema.GetProperty("$id").GetString() ?? "";
        const string Prefix = "urn:";
        var dot = id.LastIndexOf('.');
        if (!id.StartsWith(Prefix, StringComparison.Ordinal) || dot < 0)
        {
            throw new SchemaException($"Schema id '{id}' is not of the form urn:<Action>.req or urn:<Action>.conf.");
        }

        var action = id[Prefix.Length..dot];
        var kind = id[(dot + 1)..] switch
        {
            "req" => MessageKind.Request,
            "conf" => MessageKind.Confirmation,
            _ => throw new SchemaException($"Schema id '{id}' ends in neither .req nor .conf."),
        };
        var rootName = action + kind;
        var context = new Context(id[Prefix.Length..], schema.TryGetProperty("definitions", out var definitions) ? definitions : default);
        var root = Build(schema, context, rootName, rootName, "") as ObjectShape
            ?? throw new SchemaException($"Schema {id} is not an object.");
        return new MessageSchema(action, kind, root);
    }

    private Shape Build(JsonElement node, Context context, string? name, string owner, string property)
    {
        foreach (var keyword in node.EnumerateObject())
        {
            if (!Supported.Contains(keyword.Name))
            {
                throw new SchemaException($"{context.SchemaId}: keyword '{keyword.Name}' at {owner}.{property} is not supported.");
            }
        }

        if (node.TryGetProperty("$ref", out var reference))
        {
            return BuildReference(reference.GetString()!, context, owner, property);
        }

        var type = node.TryGetProperty("type", out var t) ? t.GetString() : null;
        return type switch
        {
            "object" => BuildObject(node, context, name ?? TypeNames.For(owner, property)),
            "array" => BuildArray(node, context, owner, property),
            "string" when node.TryGetProperty("enum", out var values) =>
                BuildEnum(values, context, name ?? TypeNames.For(owner, property)),
            "string" => new StringShape(
                node.TryGetProperty("maxLength", out var maxLength) ? maxLength.GetInt32() : null,
                Format(node, context)),
            "integer" => new IntegerShape(IntegerBound(node, "minimum", context), IntegerBound(node, "maximum", context)),
            "number" => new NumberShape(
                node.TryGetProperty("multipleOf", out var step) ? step.GetDecimal() : null,
                Bound(node, "minimum"),
                Bound(node, "maximum")),
            "boolean" => new BooleanShape(),

            // 2.0.1's DataTransfer data: any JSON value, left for the two parties to agree on.
            null when node.EnumerateObject().All(k => Annotations.Contains(k.Name)) => new AnyShape(),
            _ => throw new SchemaException($"{context.SchemaId}: type '{type}' at {owner}.{property} is not supported."),
        };
    }

    private ArrayShape BuildArray(JsonElement node, Context context, string owner, string property)
    {
        var items = node.GetProperty("items");
        if (items.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaException($"{context.SchemaId}: items of {owner}.{property} must be one schema, not a tuple.");
        }

        // With a single "items" schema, draft-07 ignores additionalItems; only false is accepted so
        // that a schema meaning something else by it is refused rather than misread.
        if (node.TryGetProperty("additionalItems", out var additionalItems) && additionalItems.ValueKind != JsonValueKind.False)
        {
            throw new SchemaException($"{context.SchemaId}: additionalItems of {owner}.{property} must be false.");
        }

        return new ArrayShape(
            Build(items, context, null, owner, property),
            node.TryGetProperty("minItems", out var minItems) ? minItems.GetInt32() : 0,
            node.TryGetProperty("maxItems", out var maxItems) ? maxItems.GetInt32() : null);
    }

    private static decimal? Bound(JsonElement node, string keyword) =>
        node.TryGetProperty(keyword, out var bound) ? bound.GetDecimal() : null;

    private static int? IntegerBound(JsonElement node, string keyword, Context context) =>
        !node.TryGetProperty(keyword, out var bound) ? null
        : bound.TryGetInt32(out var value) ? value
        : throw new SchemaException($"{context.SchemaId}: {keyword} {bound} of an integer must be a 32-bit integer.");

    private Shape BuildReference(string reference, Context context, string owner, string property)
    {
        const string Prefix = "#/definitions/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal)
            || context.Definitions.ValueKind != JsonValueKind.Object
            || !context.Definitions.TryGetProperty(reference[Prefix.Length..], out var definition))
        {
            throw new SchemaException($"{context.SchemaId}: cannot resolve $ref '{reference}'.");
        }

        return Build(definition, context, reference[Prefix.Length..], owner, property);
    }

    private ObjectShape BuildObject(JsonElement node, Context context, string name)
    {
        var required = node.TryGetProperty("required", out var list)
            ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var properties = new List<PropertyShape>();
        if (node.TryGetProperty("properties", out var declared))
        {
            foreach (var property in declared.EnumerateObject())
            {
                var clrName = Identifiers.Property(property.Name);
                if (clrName == name)
                {
                    throw new SchemaException($"{context.SchemaId}: property {name}.{property.Name} would share its type's name.");
                }

                var shape = Build(property.Value, context, null, name, property.Name);
                properties.Add(new PropertyShape(property.Name, clrName, shape, required.Remove(property.Name)));
            }
        }

        if (required.Count > 0)
        {
            throw new SchemaException($"{context.SchemaId}: {name} requires undeclared properties {string.Join(", ", required)}.");
        }

        var additional = !node.TryGetProperty("additionalProperties", out var allowed) || allowed.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SchemaException($"{context.SchemaId}: additionalProperties of {name} must be a boolean."),
        };
        return Register(new ObjectShape(name, properties, additional), context);
    }

    private EnumShape BuildEnum(JsonElement values, Context context, string name)
    {
        var members = values.EnumerateArray()
            .Select(v => v.GetString() ?? throw new SchemaException($"{context.SchemaId}: {name} has a non-string value."))
            .Select(v => new EnumMember(v, Identifiers.EnumMember(v)))
            .ToList();
        var clash = members.GroupBy(m => m.ClrName).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new SchemaException($"{context.SchemaId}: values of {name} collide as the C# name {clash.Key}.");
        }

        return Register(new EnumShape(name, members), context);
    }

    private static StringFormatKind Format(JsonElement node, Context context) =>
        !node.TryGetProperty("format", out var format) ? StringFormatKind.None : format.GetString() switch
        {
            "date-time" => StringFormatKind.DateTime,
            "uri" => StringFormatKind.Uri,
            var other => throw new SchemaException($"{context.SchemaId}: format '{other}' is not supported."),
        };

    private T Register<T>(T shape, Context context)
        where T : NamedShape
    {
        if (!_named.TryGetValue(shape.Name, out var existing))
        {
            _named.Add(shape.Name, shape);
            existing = shape;
        }
        else if (existing.Signature != shape.Signature)
        {
            throw new SchemaException(
                $"{context.SchemaId}: two different types want the name {shape.Name}:\n  {existing.Signature}\n  {shape.Signature}");
        }

        if (!existing.UsedBy.Contains(context.SchemaId))
        {
            existing.UsedBy.Add(context.SchemaId);
        }

        return (T)existing;
    }

    private sealed record Context(string SchemaId, JsonElement Definitions);
}
