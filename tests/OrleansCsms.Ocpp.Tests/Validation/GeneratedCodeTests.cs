using System.Text.Json;
using OrleansCsms.Ocpp.SchemaGen;

namespace OrleansCsms.Ocpp.Tests.Validation;

public sealed class GeneratedCodeTests
{
    private static readonly string CommittedDirectory = Path.Combine(AppContext.BaseDirectory, "generated", "v16");

    [Fact]
    public void The_committed_generated_code_is_what_the_generator_writes_from_the_schema_file()
    {
        using var schemaFile = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "schemas", "ocpp1_6.json")));
        var fresh = Generator.Generate(schemaFile.RootElement, new GeneratorSettings("OrleansCsms.Ocpp.V16", "V16", "ocpp1_6.json"));
        var committed = Directory.EnumerateFiles(CommittedDirectory, "*.g.cs").Select(Path.GetFileName).Order().ToList();

        Expect.Equal(
            string.Join(", ", fresh.Select(f => f.Name).Order()),
            string.Join(", ", committed),
            "the committed generated files (regenerate with OrleansCsms.Ocpp.SchemaGen)");
        foreach (var file in fresh)
        {
            // A Windows checkout may have turned the generated LF line endings into CRLF.
            var onDisk = File.ReadAllText(Path.Combine(CommittedDirectory, file.Name)).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(onDisk == file.Content, $"Expected the committed {file.Name} to match a fresh generator run; regenerate with OrleansCsms.Ocpp.SchemaGen.");
        }
    }
}
