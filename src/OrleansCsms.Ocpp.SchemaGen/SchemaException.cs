namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>The schema file holds something the generator cannot faithfully turn into code.</summary>
internal sealed class SchemaException(string message) : Exception(message);
