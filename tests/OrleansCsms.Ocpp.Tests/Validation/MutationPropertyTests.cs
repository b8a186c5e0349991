using System.Text.Json.Nodes;

namespace OrleansCsms.Ocpp.Tests.Validation;

/// <summary>
/// Property: for every schema of the file, breaking a valid payload in one place makes the
/// validator report the error code that place's keyword calls for, at that place's path.
/// The expected code is read from the official schema text, not from the descriptors under test.
/// </summary>
public sealed class MutationPropertyTests
{
    [Theory]
    [MemberData(nameof(OfficialSchemas.V16Ids), MemberType = typeof(OfficialSchemas))]
    public void Every_single_fault_in_a_valid_1_6_payload_is_reported_with_its_matching_code_and_path(string id) =>
        ExpectEveryFaultReported(OfficialSchemas.Get(id));

    [Theory]
    [MemberData(nameof(OfficialSchemas.V201Ids), MemberType = typeof(OfficialSchemas))]
    public void Every_single_fault_in_a_valid_2_0_1_payload_is_reported_with_its_matching_code_and_path(string id) =>
        ExpectEveryFaultReported(OfficialSchemas.GetV201(id));

    [Fact]
    public void The_property_covers_hundreds_of_faults()
    {
        var count = OfficialSchemas.V16.Sum(s => Mutations(s, s.Root, SchemaSamples.Maximal(s), "").Count());

        Assert.True(count > 500, $"Expected the mutations to number in the hundreds, but there were {count}.");
    }

    [Fact]
    public void The_2_0_1_property_covers_every_keyword_the_2_0_1_schemas_use()
    {
        var mutations = OfficialSchemas.V201.SelectMany(s => Mutations(s, s.Root, SchemaSamples.Maximal(s), "")).ToList();

        Assert.True(mutations.Count > 2000, $"Expected the 2.0.1 mutations to number in the thousands, but there were {mutations.Count}.");
        foreach (var kind in new[] { "over its maxItems", "below its minimum", "above its maximum", "emptied", "outside its enum" })
        {
            Assert.True(mutations.Any(m => m.Name.Contains(kind, StringComparison.Ordinal)), $"Expected at least one 2.0.1 mutation '{kind}'.");
        }
    }

    private static void ExpectEveryFaultReported(OfficialSchema schema)
    {
        var id = schema.Id;
        var valid = SchemaSamples.Maximal(schema);
        var mutations = Mutations(schema, schema.Root, valid, "").ToList();

        foreach (var mutation in mutations)
        {
            var payload = valid.DeepClone();
            mutation.Apply(payload);

            var result = schema.Validate(payload);

            Assert.False(result.IsValid, $"{id}: expected '{mutation.Name}' to be rejected as {mutation.Code}.");
            Assert.True(
                result.Code == mutation.Code && result.Description.StartsWith(mutation.Path + ":", StringComparison.Ordinal),
                $"{id}: expected '{mutation.Name}' to be a {mutation.Code} at {mutation.Path}, but got {result}.");
        }
    }

    private static IEnumerable<Mutation> Mutations(OfficialSchema schema, JsonObject node, JsonNode value, string path)
    {
        node = schema.Resolve(node);
        var type = node["type"]?.GetValue<string>();

        // A node without a type accepts every value, so it has no fault to inject.
        var isRoot = path.Length == 0;
        if (!isRoot && type is not null)
        {
            var wrong = type == "string" ? JsonValue.Create(7) : (JsonNode)JsonValue.Create("7");
            yield return Replace($"{path} as the wrong JSON type", path, wrong, OcppErrorCode.TypeConstraintViolation);
        }

        switch (type)
        {
            case "object":
                var required = node["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                if (node["additionalProperties"]?.GetValue<bool>() == false)
                {
                    var extra = Join(path, "unexpectedProperty");
                    yield return new Mutation($"an undeclared {extra}", extra, OcppErrorCode.PropertyConstraintViolation,
                        root => Locate(root, path).AsObject()["unexpectedProperty"] = 1);
                }

                foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
                {
                    var child = Join(path, name);
                    if (required.Contains(name))
                    {
                        yield return new Mutation($"{child} dropped", child, OcppErrorCode.OccurrenceConstraintViolation,
                            root => Locate(root, path).AsObject().Remove(name));
                    }

                    foreach (var mutation in Mutations(schema, property!.AsObject(), value[name]!, child))
                    {
                        yield return mutation;
                    }
                }

                break;
            case "array":
                var minItems = node["minItems"]?.GetValue<int>() ?? 0;
                if (minItems > 0)
                {
                    yield return Replace($"{path} emptied", path, new JsonArray(), OcppErrorCode.OccurrenceConstraintViolation);
                }

                var items = value.AsArray();
                if (node["maxItems"]?.GetValue<int>() is { } maxItems)
                {
                    var tooMany = new JsonArray(Enumerable.Range(0, maxItems + 1).Select(_ => items[0]!.DeepClone()).ToArray());
                    yield return Replace($"{path} over its maxItems", path, tooMany, OcppErrorCode.OccurrenceConstraintViolation);
                }

                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var mutation in Mutations(schema, node["items"]!.AsObject(), items[i]!, $"{path}[{i}]"))
                    {
                        yield return mutation;
                    }
                }

                break;
            case "string":
                if (node["maxLength"] is { } maxLength)
                {
                    var tooLong = new string('x', maxLength.GetValue<int>() + 1);
                    yield return Replace($"{path} one character too long", path, tooLong, OcppErrorCode.PropertyConstraintViolation);
                }

                if (node["enum"] is not null)
                {
                    yield return Replace($"{path} outside its enum", path, "NotAnAllowedValue", OcppErrorCode.PropertyConstraintViolation);
                }

                if (node["format"]?.GetValue<string>() == "date-time")
                {
                    yield return Replace($"{path} as a non-date", path, "2025-13-45T25:61:00Z", OcppErrorCode.TypeConstraintViolation);
                }

                break;
            case "integer":
                yield return Replace($"{path} as a fraction", path, 4.5m, OcppErrorCode.TypeConstraintViolation);
                if (node["minimum"]?.GetValue<int>() is { } minimum)
                {
                    yield return Replace($"{path} below its minimum", path, minimum - 1, OcppErrorCode.PropertyConstraintViolation);
                }

                if (node["maximum"]?.GetValue<int>() is { } maximum)
                {
                    yield return Replace($"{path} above its maximum", path, maximum + 1, OcppErrorCode.PropertyConstraintViolation);
                }

                break;
            case "number" when node["multipleOf"] is not null:
                yield return Replace($"{path} off its step", path, 0.05m, OcppErrorCode.PropertyConstraintViolation);
                break;
        }
    }

    private static Mutation Replace(string name, string path, JsonNode replacement, OcppErrorCode code)
    {
        var (parentPath, key, index) = Split(path);
        return new Mutation(name, path, code, root =>
        {
            var parent = Locate(root, parentPath);
            if (key is not null)
            {
                parent[key] = replacement.DeepClone();
            }
            else
            {
                parent[index] = replacement.DeepClone();
            }
        });
    }

    private static Mutation Replace(string name, string path, string replacement, OcppErrorCode code) =>
        Replace(name, path, JsonValue.Create(replacement), code);

    private static Mutation Replace(string name, string path, decimal replacement, OcppErrorCode code) =>
        Replace(name, path, JsonValue.Create(replacement), code);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Splits "a.b[2]" into its parent "a.b" and the index 2, or "a.b" into "a" and the key "b".</summary>
    private static (string Parent, string? Key, int Index) Split(string path)
    {
        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            return (path[..open], null, int.Parse(path[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 ? ("", path, 0) : (path[..dot], path[(dot + 1)..], 0);
    }

    private static JsonNode Locate(JsonNode root, string path)
    {
        if (path.Length == 0)
        {
            return root;
        }

        var (parentPath, key, index) = Split(path);
        var parent = Locate(root, parentPath);
        return key is not null ? parent[key]! : parent[index]!;
    }

    private sealed record Mutation(string Name, string Path, OcppErrorCode Code, Action<JsonNode> Apply);
}
