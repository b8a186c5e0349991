using System.Text;

namespace OrleansCsms.Ocpp;

/// <summary>A property an object schema declares.</summary>
public sealed class SchemaProperty
{
    private SchemaProperty(string name, SchemaNode schema, bool isRequired)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(schema);
        Name = name;
        Schema = schema;
        IsRequired = isRequired;
        Utf8Name = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>The property name as it appears on the wire.</summary>
    public string Name { get; }

    public SchemaNode Schema { get; }

    public bool IsRequired { get; }

    // Compared against the raw JSON so that matching a property name allocates nothing.
    internal byte[] Utf8Name { get; }

    public static SchemaProperty Required(string name, SchemaNode schema) => new(name, schema, isRequired: true);

    public static SchemaProperty Optional(string name, SchemaNode schema) => new(name, schema, isRequired: false);
}
