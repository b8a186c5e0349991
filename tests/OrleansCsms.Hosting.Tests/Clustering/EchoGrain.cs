namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>The smallest grain a client can call to prove it reached the cluster.</summary>
public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="text"/> with the address of the silo that answered.</summary>
    Task<string> EchoAsync(string text);
}

/// <summary>Answers with the text it was given and the silo it runs on.</summary>
public sealed class EchoGrain(ILocalSiloDetails silo) : Grain, IEchoGrain
{
    public Task<string> EchoAsync(string text) => Task.FromResult($"{text} from {silo.SiloAddress}");
}
