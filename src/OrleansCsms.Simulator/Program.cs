using OrleansCsms.Simulator;

return await SimulatorCommand.Create().Parse(args).InvokeAsync(SimulatorCommand.Invocation);
