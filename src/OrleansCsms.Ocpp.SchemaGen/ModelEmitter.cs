namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>Writes the typed message models: one record per request and confirmation, one type per nested object or enum.</summary>
internal sealed class ModelEmitter(GeneratorSettings settings)
{
    public IEnumerable<GeneratedFile> Emit(IReadOnlyList<MessageSchema> schemas, IEnumerable<NamedShape> namedShapes)
    {
        foreach (var action in schemas.GroupBy(s => s.Action))
        {
            var code = NewFile();
            var first = true;
            foreach (var schema in action.OrderBy(s => s.Kind))
            {
                if (!first)
                {
                    code.Line();
                }

                first = false;
                code.Line($"/// <summary>The payload of {schema.SchemaId}.</summary>");
                WriteRecord(code, schema.Root);
            }

            yield return new GeneratedFile($"{action.Key}.g.cs", code.ToString());
        }

        var roots = schemas.Select(s => s.Root.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var shape in namedShapes.Where(s => !roots.Contains(s.Name)))
        {
            var code = NewFile();
            code.Line($"/// <summary>Part of {string.Join(", ", shape.UsedBy)}.</summary>");
            if (shape is EnumShape enumShape)
            {
                WriteEnum(code, enumShape);
            }
            else
            {
                WriteRecord(code, (ObjectShape)shape);
            }

            yield return new GeneratedFile($"{shape.Name}.g.cs", code.ToString());
        }

        var context = new CodeWriter(settings.Namespace, settings.SourceName, "System.Text.Json.Serialization");
        foreach (var schema in schemas)
        {
            context.Line($"[JsonSerializable(typeof({schema.Root.Name}))]");
        }

        context.Line($"public sealed partial class {settings.Prefix}JsonContext;");
        yield return new GeneratedFile($"{settings.Prefix}JsonContext.g.cs", context.ToString());
    }

    private CodeWriter NewFile() => new(settings.Namespace, settings.SourceName, "System.Text.Json.Serialization");

    private static void WriteRecord(CodeWriter code, ObjectShape shape)
    {
        if (shape.Properties.Count == 0)
        {
            code.Line($"public sealed partial record {shape.Name};");
            return;
        }

        code.Open($"public sealed partial record {shape.Name}");
        var first = true;
        foreach (var property in shape.Properties)
        {
            if (!first)
            {
                code.Line();
            }

            first = false;
            var type = ClrType(property.Shape);
            code.Line($"[JsonPropertyName(\"{property.WireName}\")]");
            code.Line(property.IsRequired
                ? $"public required {type} {property.ClrName} {{ get; init; }}"
                : $"public {type}? {property.ClrName} {{ get; init; }}");
        }

        code.Close();
    }

    private static void WriteEnum(CodeWriter code, EnumShape shape)
    {
        code.Line($"[JsonConverter(typeof(OcppEnumConverter<{shape.Name}>))]");
        code.Open($"public enum {shape.Name}");
        foreach (var member in shape.Members)
        {
            if (member.ClrName != member.WireName)
            {
                code.Line($"[JsonStringEnumMemberName(\"{member.WireName}\")]");
            }

            code.Line($"{member.ClrName},");
        }

        code.Close();
    }

    private static string ClrType(Shape shape) => shape switch
    {
        NamedShape named => named.Name,
        StringShape { Format: StringFormatKind.DateTime } => "DateTimeOffset",
        StringShape => "string",
        IntegerShape => "int",
        NumberShape => "decimal",
        BooleanShape => "bool",
        AnyShape => "System.Text.Json.JsonElement",
        ArrayShape array => $"IReadOnlyList<{ClrType(array.Items)}>",
        _ => throw new SchemaException($"No C# type for {shape.Signature}."),
    };
}
