using System.Globalization;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>What a schema node turns into in C#, independent of how it was spelled in the schema.</summary>
internal abstract record Shape
{
    /// <summary>A canonical text of the shape, so that two schema spellings of one type can be proven equal.</summary>
    public abstract string Signature { get; }
}

/// <summary>A shape with a C# type of its own: an object or an enum.</summary>
internal abstract record NamedShape(string Name) : Shape
{
    /// <summary>The schema ids (e.g. "Authorize.conf") where the shape appears, in discovery order.</summary>
    public List<string> UsedBy { get; } = [];
}

internal sealed record ObjectShape(string Name, IReadOnlyList<PropertyShape> Properties, bool AdditionalProperties)
    : NamedShape(Name)
{
    public override string Signature =>
        $"{Name}{{{string.Join(",", Properties.Select(p => p.Signature))}}}{(AdditionalProperties ? "+" : "")}";
}

internal sealed record PropertyShape(string WireName, string ClrName, Shape Shape, bool IsRequired)
{
    public string Signature => $"{WireName}{(IsRequired ? "!" : "")}:{Shape.Signature}";
}

internal sealed record EnumShape(string Name, IReadOnlyList<EnumMember> Members) : NamedShape(Name)
{
    public override string Signature => $"{Name}({string.Join("|", Members.Select(m => m.WireName))})";
}

internal sealed record EnumMember(string WireName, string ClrName);

internal sealed record StringShape(int? MaxLength, StringFormatKind Format) : Shape
{
    public override string Signature => $"string({MaxLength},{Format})";
}

internal enum StringFormatKind
{
    None,
    DateTime,
    Uri,
}

internal sealed record IntegerShape(int? Minimum, int? Maximum) : Shape
{
    public override string Signature => $"integer{Range.Of(Minimum, Maximum)}";
}

internal sealed record NumberShape(decimal? MultipleOf, decimal? Minimum, decimal? Maximum) : Shape
{
    public override string Signature => $"number({MultipleOf?.ToString(CultureInfo.InvariantCulture)}){Range.Of(Minimum, Maximum)}";
}

/// <summary>The signature text of a numeric range; empty when unbounded, so that unbounded types sign as before.</summary>
internal static class Range
{
    public static string Of(decimal? minimum, decimal? maximum) =>
        minimum is null && maximum is null
            ? ""
            : $"[{minimum?.ToString(CultureInfo.InvariantCulture)}..{maximum?.ToString(CultureInfo.InvariantCulture)}]";
}

internal sealed record BooleanShape : Shape
{
    public override string Signature => "boolean";
}

/// <summary>A node without a type or any constraint: every JSON value is allowed.</summary>
internal sealed record AnyShape : Shape
{
    public override string Signature => "any";
}

internal sealed record ArrayShape(Shape Items, int MinItems, int? MaxItems) : Shape
{
    public override string Signature => $"[{Items.Signature}]{MinItems}..{MaxItems}";
}

/// <summary>One schema of the file: the request or the confirmation of an action.</summary>
internal sealed record MessageSchema(string Action, MessageKind Kind, ObjectShape Root)
{
    public string SchemaId => $"{Action}.{(Kind == MessageKind.Request ? "req" : "conf")}";
}

internal enum MessageKind
{
    Request,
    Confirmation,
}
