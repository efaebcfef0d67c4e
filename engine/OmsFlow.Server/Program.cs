using OmsFlow.Server;

// Regular expressions in user scripts must not run unbounded: the sandbox stops the script, this stops the regex thread.
AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

await using var app = await OmsFlowServer.BuildAsync(args);
await app.RunAsync();
