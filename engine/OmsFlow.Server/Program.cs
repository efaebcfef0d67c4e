using OmsFlow.Server;

await using var app = await OmsFlowServer.BuildAsync(args);
await app.RunAsync();
