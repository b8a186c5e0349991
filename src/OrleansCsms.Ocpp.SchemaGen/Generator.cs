using System.Text.Json;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>Where the generated code goes and what it is called.</summary>
/// <param name="Namespace">The namespace of every generated type.</param>
/// <param name="Prefix">Prefixes the JSON context and the descriptor class, e.g. "V16".</param>
/// <param name="SourceName">The schema file's name, quoted in each file's header.</param>
public sealed record GeneratorSettings(string Namespace, string Prefix, string SourceName);

public sealed record GeneratedFile(string Name, string Content);

public static class Generator
{
    /// <param name="schemaFile">The file's root: an array of schemas with ids "urn:&lt;Action&gt;.req" and "urn:&lt;Action&gt;.conf".</param>
    /// <param name="settings">Naming of the output.</param>
    public static IReadOnlyList<GeneratedFile> Generate(JsonElement schemaFile, GeneratorSettings settings)
    {
        if (schemaFile.ValueKind != JsonValueKind.Array)
        {
            throw new SchemaException("The schema file must be a JSON array of schemas.");
        }

        var builder = new ShapeBuilder();
        var schemas = schemaFile.EnumerateArray().Select(builder.Build).ToList();
        var duplicate = schemas.GroupBy(s => s.SchemaId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SchemaException($"Schema {duplicate.Key} appears more than once.");
        }

        var unpaired = schemas.GroupBy(s => s.Action).FirstOrDefault(g => g.Count() != 2);
        if (unpaired is not null)
        {
            throw new SchemaException($"Action {unpaired.Key} needs exactly one .req and one .conf schema.");
        }

        var files = new ModelEmitter(settings).Emit(schemas, builder.NamedShapes).ToList();
        files.Add(new DescriptorEmitter(settings).Emit(schemas));
        var clash = files.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new SchemaException($"Two generated files would be named {clash.Key}.");
        }

        return files;
    }
}
