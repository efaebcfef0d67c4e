namespace OmsFlow.Server.Tests.Infrastructure;

/// <summary>
/// Tests that run real server processes through kills and restarts, with hundreds of orders: they run alone (xunit runs
/// this collection after the parallel ones), so hundreds of in-flight orders do not compete with the rest of the suite
/// for the machine's two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialProcessTests
{
    public const string Name = "Real server processes";
}
