using System.Text.Json;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>
/// Generates the typed models and compiled schema descriptors of one OCPP version from its
/// official JSON schema file, e.g.
/// <c>dotnet run --project src/OrleansCsms.Ocpp.SchemaGen -- tests/schemas/ocpp1_6.json src/OrleansCsms.Ocpp/V16/Generated</c>
/// or <c>dotnet run --project src/OrleansCsms.Ocpp.SchemaGen -- tests/schemas/ocpp2_0_1.json src/OrleansCsms.Ocpp/V201/Generated OrleansCsms.Ocpp.V201 V201</c>.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: OrleansCsms.Ocpp.SchemaGen <schema-file.json> <output-directory> [namespace] [type-prefix]";

    public static int Main(string[] args)
    {
        if (args.Length is < 2 or > 4)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var settings = new GeneratorSettings(
            Namespace: args.Length > 2 ? args[2] : "OrleansCsms.Ocpp.V16",
            Prefix: args.Length > 3 ? args[3] : "V16",
            SourceName: Path.GetFileName(args[0]));
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(args[0]));
            var files = Generator.Generate(document.RootElement, settings);
            Write(args[1], files);
            Console.WriteLine($"Wrote {files.Count} files to {args[1]}.");
            return 0;
        }
        catch (SchemaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Replaces every generated file, so that a type gone from the schema leaves no stale code behind.</summary>
    private static void Write(string directory, IReadOnlyList<GeneratedFile> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateFiles(directory, "*.g.cs"))
        {
            File.Delete(stale);
        }

        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(directory, file.Name), file.Content);
        }
    }
}
