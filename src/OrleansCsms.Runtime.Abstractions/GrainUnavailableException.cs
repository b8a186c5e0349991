namespace OrleansCsms.Runtime;

/// <summary>No process could run the grain within the retry budget (its silo died and no other took over yet, or storage is down).</summary>
public sealed class GrainUnavailableException : Exception
{
    public GrainUnavailableException()
    {
    }

    public GrainUnavailableException(string message) : base(message)
    {
    }

    public GrainUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
