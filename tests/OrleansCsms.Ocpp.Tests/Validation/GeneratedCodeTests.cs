using System.Text.Json;
using OrleansCsms.Ocpp.SchemaGen;

namespace OrleansCsms.Ocpp.Tests.Validation;

public sealed class GeneratedCodeTests
{
    [Theory]
    [InlineData("ocpp1_6.json", "OrleansCsms.Ocpp.V16", "V16", "v16")]
    [InlineData("ocpp2_0_1.json", "OrleansCsms.Ocpp.V201", "V201", "v201")]
    public void The_committed_generated_code_is_what_the_generator_writes_from_the_schema_file(
        string schemaFileName, string @namespace, string prefix, string committedFolder)
    {
        var committedDirectory = Path.Combine(AppContext.BaseDirectory, "generated", committedFolder);
        using var schemaFile = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "schemas", schemaFileName)));
        var fresh = Generator.Generate(schemaFile.RootElement, new GeneratorSettings(@namespace, prefix, schemaFileName));
        var committed = Directory.EnumerateFiles(committedDirectory, "*.g.cs").Select(Path.GetFileName).Order().ToList();

        Expect.Equal(
            string.Join(", ", fresh.Select(f => f.Name).Order()),
            string.Join(", ", committed),
            $"the committed generated files of {schemaFileName} (regenerate with OrleansCsms.Ocpp.SchemaGen)");
        foreach (var file in fresh)
        {
            // A Windows checkout may have turned the generated LF line endings into CRLF.
            var onDisk = File.ReadAllText(Path.Combine(committedDirectory, file.Name)).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(onDisk == file.Content, $"Expected the committed {committedFolder}/{file.Name} to match a fresh generator run; regenerate with OrleansCsms.Ocpp.SchemaGen.");
        }
    }
}
