using System.Text;

namespace OrleansCsms.Ocpp;

/// <summary>The JSON type a <see cref="SchemaNode"/> demands.</summary>
public enum SchemaType : byte
{
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>Any JSON value: a schema node that states no type.</summary>
    Any,
}

/// <summary>The JSON Schema <c>format</c> of a string.</summary>
public enum StringFormat : byte
{
    None,
    DateTime,

    /// <summary>Recorded but not enforced: draft-07 treats formats as annotations, and URI checks refuse real-world FTP locations.</summary>
    Uri,
}

/// <summary>
/// One node of a JSON schema, compiled into code: the keywords OCPP's schemas use, resolved ahead
/// of time so that <see cref="OcppPayloadValidator"/> never looks anything up by name.
/// </summary>
public sealed class SchemaNode
{
    private static readonly SchemaNode IntegerNode = new(SchemaType.Integer);
    private static readonly SchemaNode BooleanNode = new(SchemaType.Boolean);
    private static readonly SchemaNode AnyNode = new(SchemaType.Any);
    private static readonly SchemaNode PlainStringNode = new(SchemaType.String);

    private SchemaNode(SchemaType type)
    {
        Type = type;
    }

    public SchemaType Type { get; }

    /// <summary>Declared properties of an object, in schema order.</summary>
    public IReadOnlyList<SchemaProperty> Properties => PropertyArray;

    /// <summary>Whether an object may carry properties it does not declare.</summary>
    public bool AdditionalProperties { get; private init; } = true;

    /// <summary>The schema every item of an array must meet.</summary>
    public SchemaNode? Items { get; private init; }

    public int MinItems { get; private init; }

    /// <summary>The most items an array may hold, when the schema limits it.</summary>
    public int? MaxItems { get; private init; }

    /// <summary>The most Unicode code points a string may hold.</summary>
    public int? MaxLength { get; private init; }

    public StringFormat Format { get; private init; }

    /// <summary>The only strings allowed, when the schema lists them.</summary>
    public IReadOnlyList<string> EnumValues { get; private init; } = [];

    public decimal? MultipleOf { get; private init; }

    /// <summary>The smallest value an integer or number may take (inclusive), when the schema states one.</summary>
    public decimal? Minimum { get; private init; }

    /// <summary>The largest value an integer or number may take (inclusive), when the schema states one.</summary>
    public decimal? Maximum { get; private init; }

    internal SchemaProperty[] PropertyArray { get; private init; } = [];

    /// <summary>One bit per entry of <see cref="PropertyArray"/> that is required.</summary>
    internal ulong RequiredMask { get; private init; }

    internal byte[][]? EnumUtf8 { get; private init; }

    public static SchemaNode Object(bool additionalProperties, params SchemaProperty[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);

        // Required properties are tracked in a 64-bit mask; no OCPP object comes close.
        if (properties.Length > 64)
        {
            throw new ArgumentException("An object schema may declare at most 64 properties.", nameof(properties));
        }

        ulong required = 0;
        for (var i = 0; i < properties.Length; i++)
        {
            if (properties[i].IsRequired)
            {
                required |= 1UL << i;
            }
        }

        return new SchemaNode(SchemaType.Object)
        {
            AdditionalProperties = additionalProperties,
            PropertyArray = properties,
            RequiredMask = required,
        };
    }

    public static SchemaNode Array(SchemaNode items, int minItems = 0, int? maxItems = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(minItems);
        if (maxItems is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, minItems, nameof(maxItems));
        }

        return new SchemaNode(SchemaType.Array) { Items = items, MinItems = minItems, MaxItems = maxItems };
    }

    public static SchemaNode String(int? maxLength = null, StringFormat format = StringFormat.None) =>
        maxLength is null && format == StringFormat.None
            ? PlainStringNode
            : new SchemaNode(SchemaType.String) { MaxLength = maxLength, Format = format };

    public static SchemaNode Enum(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new SchemaNode(SchemaType.String)
        {
            EnumValues = values,
            EnumUtf8 = System.Array.ConvertAll(values, Encoding.UTF8.GetBytes),
        };
    }

    public static SchemaNode Integer(int? minimum = null, int? maximum = null) =>
        minimum is null && maximum is null
            ? IntegerNode
            : new SchemaNode(SchemaType.Integer) { Minimum = minimum, Maximum = maximum };

    public static SchemaNode Number(decimal? multipleOf = null, decimal? minimum = null, decimal? maximum = null) =>
        new(SchemaType.Number) { MultipleOf = multipleOf, Minimum = minimum, Maximum = maximum };

    public static SchemaNode Boolean() => BooleanNode;

    public static SchemaNode Any() => AnyNode;
}
