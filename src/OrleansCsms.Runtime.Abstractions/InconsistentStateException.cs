namespace OrleansCsms.Runtime;

/// <summary>A state write lost a version race: another writer committed a newer version first.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message) : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
