namespace OrleansCsms.Storage;

/// <summary>What the storage is, for the start-up banner: engine, location (never a password) and whether data outlives the process.</summary>
public sealed record StorageDescription(string Provider, string Description, bool SurvivesRestart)
{
    public override string ToString() => SurvivesRestart ? Description : $"{Description} (lost at restart)";
}
