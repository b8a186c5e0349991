using OrleansCsms.Frontend;
using OrleansCsms.Grains;
using OrleansCsms.Hosting;
using OrleansCsms.Storage;

var builder = WebApplication.CreateBuilder(args);

// Storage serves the read side (lists, meter values, the message log); every command and frame goes to a grain on a silo.
builder.Services.AddCsmsStorage(builder.Configuration);
builder.UseOrleansClient(client => client.UseCsmsCluster(builder.Configuration));
builder.Services.AddCsmsSerialization();
builder.Services.AddCsmsFrontend();

var app = builder.Build();
app.UseCsmsFrontend();
app.Run();

/// <summary>The front-end host: terminates charge point sockets and serves the operator API; grains run on silos.</summary>
public partial class Program;
