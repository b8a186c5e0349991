using System.Reflection;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>Where the host builds are: the repository's build output, in the configuration these tests were built with.</summary>
public static class HostBuild
{
    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } =
        typeof(HostBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The folder holding OrleansCsms.sln, found by walking up from this test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SiloAssembly => Output("silo", "OrleansCsms.Silo");

    public static string FrontEndAssembly => Output("src", "OrleansCsms.Frontend.Host");

    private static string Output(string folder, string project)
    {
        var path = Path.Combine(RepositoryRoot, folder, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; build the test project in the {Configuration} configuration first.");
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OrleansCsms.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds OrleansCsms.sln.");
    }
}
