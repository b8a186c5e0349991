using System.Globalization;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>
/// Writes every schema as a tree of <c>SchemaNode</c>s built once at start-up, sharing one node per
/// named type, so that validation never reads a schema file.
/// </summary>
internal sealed class DescriptorEmitter(GeneratorSettings settings)
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public GeneratedFile Emit(IReadOnlyList<MessageSchema> schemas)
    {
        var className = $"{settings.Prefix}SchemaDescriptors";
        var code = new CodeWriter(settings.Namespace, settings.SourceName, "System.Collections.Frozen");
        code.Open($"internal static class {className}");
        foreach (var schema in schemas)
        {
            WriteField(code, schema.Root);
        }

        WriteLookup(code, "Requests", schemas.Where(s => s.Kind == MessageKind.Request));
        WriteLookup(code, "Confirmations", schemas.Where(s => s.Kind == MessageKind.Confirmation));
        code.Close();
        return new GeneratedFile($"{className}.g.cs", code.ToString());
    }

    /// <summary>Writes the fields a named shape depends on, then its own, so static initialisation order holds.</summary>
    private void WriteField(CodeWriter code, NamedShape shape)
    {
        if (!_written.Add(shape.Name))
        {
            return;
        }

        foreach (var dependency in Dependencies(shape))
        {
            WriteField(code, dependency);
        }

        if (shape is EnumShape enumShape)
        {
            var values = string.Join(", ", enumShape.Members.Select(m => $"\"{m.WireName}\""));
            code.Line($"private static readonly SchemaNode {shape.Name} = SchemaNode.Enum({values});");
            code.Line();
            return;
        }

        var objectShape = (ObjectShape)shape;
        var additional = objectShape.AdditionalProperties ? "true" : "false";
        if (objectShape.Properties.Count == 0)
        {
            code.Line($"private static readonly SchemaNode {shape.Name} = SchemaNode.Object(additionalProperties: {additional});");
            code.Line();
            return;
        }

        code.Line($"private static readonly SchemaNode {shape.Name} = SchemaNode.Object(additionalProperties: {additional},");
        for (var i = 0; i < objectShape.Properties.Count; i++)
        {
            var property = objectShape.Properties[i];
            var factory = property.IsRequired ? "Required" : "Optional";
            var end = i == objectShape.Properties.Count - 1 ? ");" : ",";
            code.Line($"    SchemaProperty.{factory}(\"{property.WireName}\", {Expression(property.Shape)}){end}");
        }

        code.Line();
    }

    private static IEnumerable<NamedShape> Dependencies(NamedShape shape) =>
        shape is ObjectShape objectShape
            ? objectShape.Properties.Select(p => Unwrap(p.Shape)).OfType<NamedShape>()
            : [];

    private static Shape Unwrap(Shape shape) => shape is ArrayShape array ? Unwrap(array.Items) : shape;

    private static string Expression(Shape shape) => shape switch
    {
        NamedShape named => named.Name,
        StringShape { MaxLength: null, Format: StringFormatKind.None } => "SchemaNode.String()",
        StringShape { Format: StringFormatKind.None } s => $"SchemaNode.String(maxLength: {s.MaxLength})",
        StringShape { MaxLength: null } s => $"SchemaNode.String(format: StringFormat.{s.Format})",
        StringShape s => $"SchemaNode.String(maxLength: {s.MaxLength}, format: StringFormat.{s.Format})",
        IntegerShape i => $"SchemaNode.Integer({Arguments(Argument("minimum", i.Minimum), Argument("maximum", i.Maximum))})",
        NumberShape n => $"SchemaNode.Number({Arguments(Argument("multipleOf", n.MultipleOf), Argument("minimum", n.Minimum), Argument("maximum", n.Maximum))})",
        BooleanShape => "SchemaNode.Boolean()",
        AnyShape => "SchemaNode.Any()",
        ArrayShape a => $"SchemaNode.Array({Arguments(Expression(a.Items), Argument("minItems", a.MinItems == 0 ? null : a.MinItems), Argument("maxItems", a.MaxItems))})",
        _ => throw new SchemaException($"No descriptor for {shape.Signature}."),
    };

    /// <summary>Named arguments only for the keywords a schema states, so that unconstrained nodes read as before.</summary>
    private static string Arguments(params string?[] arguments) => string.Join(", ", arguments.Where(a => a is not null));

    private static string? Argument(string name, decimal? value) =>
        value is { } v ? $"{name}: {v.ToString(CultureInfo.InvariantCulture)}m" : null;

    private static string? Argument(string name, int? value) => value is { } v ? $"{name}: {v}" : null;

    private static void WriteLookup(CodeWriter code, string name, IEnumerable<MessageSchema> schemas)
    {
        code.Line($"/// <summary>{name} by action name.</summary>");
        code.Open($"internal static readonly FrozenDictionary<string, SchemaNode> {name} = new Dictionary<string, SchemaNode>(StringComparer.Ordinal)");
        foreach (var schema in schemas)
        {
            code.Line($"[\"{schema.Action}\"] = {schema.Root.Name},");
        }

        code.Close("}.ToFrozenDictionary(StringComparer.Ordinal);");
        if (name == "Requests")
        {
            code.Line();
        }
    }
}
