using OrleansCsms.Frontend;
using OrleansCsms.Silo;
using OrleansCsms.Storage;

if (AccountsCommand.IsInvocation(args))
{
    return await AccountsCommand.RunAsync(args, Console.In, Console.Out, Console.Error, inputIsTerminal: !Console.IsInputRedirected);
}

var builder = WebApplication.CreateBuilder(args);
var clusterSilo = SiloRole.IsClusterSilo(builder.Configuration);

builder.Services.AddCsmsStorage(builder.Configuration);
if (clusterSilo)
{
    builder.AddClusterSilo();
}
else
{
    builder.AddEmbeddedSilo();
    builder.Services.AddCsmsFrontend();
}

var app = builder.Build();
if (clusterSilo)
{
    app.UseClusterSiloHost();
}
else
{
    app.UseCsmsFrontend();
    app.MapCsmsDashboard(adminsOnly: true);
}

await app.RunAsync();
return 0;

/// <summary>The silo host; by default the embedded all-in-one process (front-end, silo and storage).</summary>
public partial class Program;
