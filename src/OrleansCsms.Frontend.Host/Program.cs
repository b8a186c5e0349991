using OrleansCsms.Cluster;
using OrleansCsms.Frontend;
using OrleansCsms.Frontend.Host;
using OrleansCsms.Storage;

var builder = WebApplication.CreateBuilder(args);

// Storage serves the read side (lists, meter values, the message log); every command and frame goes to a silo.
builder.Services.AddCsmsStorage(builder.Configuration);
builder.Services.AddClusterClient();
builder.Services.AddCsmsFrontend();
builder.Services.AddFrontEndMembership();

var app = builder.Build();
app.UseCsmsFrontend();
app.MapFrontEndClusterEndpoints();
app.Run();

/// <summary>The front-end host: terminates charge point sockets and serves the operator API; grains run on silos.</summary>
public partial class Program;
