using System.Reflection;
using System.Reflection.Emit;
using OmsFlow.Workflows.Activities;
using ValueType = OmsFlow.Workflows.Definitions.ValueType;

namespace OmsFlow.Workflows.Tests.Activities;

public class ActivityRegistryTests
{
    [Fact]
    public void RegisterAssembly_RegistersEveryConcreteMarkedActivity()
    {
        var registry = new ActivityRegistry();

        var registered = registry.RegisterAssembly(typeof(TestIf).Assembly);

        var types = registered.Select(d => d.Type).ToHashSet();
        Assert.Contains("If", types);
        Assert.Contains("HumanTask", types);
        Assert.Contains("Everything", types);
        Assert.DoesNotContain(registry.All, d => d.ClrType == typeof(AbstractActivity) || d.ClrType == typeof(UnmarkedActivity));
        Assert.Equal(registered.Count, registry.All.Count);
    }

    [Fact]
    public void TryGet_IgnoresCase()
    {
        var registry = new ActivityRegistry();
        registry.Register<TestWaitForSignal>();

        Assert.True(registry.TryGet("waitforsignal", out var descriptor));
        Assert.Equal("WaitForSignal", descriptor.Type);
        Assert.False(registry.TryGet("WaitForSignals", out _));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("Nope"));
    }

    [Fact]
    public void Register_SameClassTwice_ReturnsTheSameDescriptor()
    {
        var registry = new ActivityRegistry();

        var first = registry.Register<TestIf>();
        var sameClass = typeof(TestIf);
        var second = registry.Register(sameClass);

        Assert.Same(first, second);
        Assert.Single(registry.All);
    }

    [Fact]
    public void Register_TwoClassesWithOneTypeName_FailsNamingBoth()
    {
        var registry = new ActivityRegistry();
        registry.Register<TestDelay>();
        var impostor = EmitActivitySubclass(typeof(TestDelay), "delay");

        var error = Assert.Throws<ArgumentException>(() => registry.Register(impostor));

        Assert.Contains("'delay'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(TestDelay).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains(impostor.FullName!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(AbstractActivity), "concrete class")]
    [InlineData(typeof(UnmarkedActivity), "[Activity(")]
    [InlineData(typeof(string), "concrete class")]
    public void Register_NotAnActivity_Fails(Type type, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ActivityRegistry().Register(type));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_CarriesTheAttributeMetadata()
    {
        var registry = new ActivityRegistry();

        var ifActivity = registry.Register<TestIf>();
        var humanTask = registry.Register<TestHumanTask>();
        var everything = registry.Register<TestEverything>();

        Assert.Equal("Control flow", ifActivity.Category);
        Assert.Equal("Branches on a condition.", ifActivity.Description);
        Assert.Equal(["true", "false"], ifActivity.Outcomes);
        Assert.False(ifActivity.DynamicOutcomes);
        Assert.True(ifActivity.CanProduce("true"));
        Assert.True(ifActivity.CanProduce("*"));
        Assert.False(ifActivity.CanProduce("maybe"));
        Assert.True(humanTask.Blocking);
        Assert.True(humanTask.DynamicOutcomes);
        Assert.True(humanTask.CanProduce("escalate"));
        Assert.True(everything.CommitAfter);
        Assert.False(ifActivity.CommitAfter);
    }

    [Fact]
    public void Inputs_AreCamelCasedWithTypesHintsAndDefaults()
    {
        var registry = new ActivityRegistry();
        var everything = registry.Register<TestEverything>();
        var humanTask = registry.Register<TestHumanTask>();
        var ifActivity = registry.Register<TestIf>();

        var names = everything.Inputs.Select(i => i.Name).ToList();
        Assert.Equal("text", names[0]);
        Assert.Contains("cardNumber", names);
        Assert.DoesNotContain("notAnInput", names);

        var expectedTypes = new Dictionary<string, ValueType>
        {
            ["text"] = ValueType.String, ["count"] = ValueType.Int, ["big"] = ValueType.Int, ["amount"] = ValueType.Decimal,
            ["ratio"] = ValueType.Decimal, ["flag"] = ValueType.Bool, ["when"] = ValueType.DateTime, ["wait"] = ValueType.Duration,
            ["anything"] = ValueType.Any, ["payload"] = ValueType.Object, ["rows"] = ValueType.Array, ["mode"] = ValueType.String,
            ["tags"] = ValueType.Array, ["names"] = ValueType.Array, ["maybeCount"] = ValueType.Int, ["maybeWait"] = ValueType.Duration,
        };
        foreach (var (name, type) in expectedTypes)
        {
            Assert.True(everything.TryGetInput(name, out var input), name);
            Assert.Equal(type, input.ValueType);
        }

        Assert.True(everything.TryGetInput("cardNumber", out var card));
        Assert.True(card.Sensitive);
        Assert.True(everything.TryGetInput("count", out var count));
        Assert.Equal(3, count.Default!.GetValue<int>());
        Assert.True(everything.TryGetInput("mode", out var mode));
        Assert.Equal(["all", "any"], mode.Options);
        Assert.Null(mode.Default);
        Assert.True(everything.TryGetInput("wait", out var wait));
        Assert.Equal("duration", wait.Editor);

        Assert.True(humanTask.TryGetInput("role", out var role));
        Assert.True(role.Required);
        Assert.Equal(["ops", "analyst", "admin"], role.Options);
        Assert.Equal("ops", role.Default!.GetValue<string>());
        Assert.True(humanTask.TryGetInput("outcomes", out var outcomes));
        Assert.Equal("""["approve","reject"]""", outcomes.Default!.ToJsonString());
        Assert.True(ifActivity.TryGetInput("condition", out var condition));
        Assert.Equal("expression", condition.Editor);
        Assert.Equal(typeof(bool), condition.ClrType);
    }

    [Fact]
    public void Create_ReturnsAFreshInstanceEachTime()
    {
        var descriptor = new ActivityRegistry().Register<TestDelay>();

        var first = descriptor.Create();
        var second = descriptor.Create();

        Assert.IsType<TestDelay>(first);
        Assert.NotSame(first, second);
        Assert.Equal(TimeSpan.FromMinutes(1), ((TestDelay)first).Duration);
    }

    [Fact]
    public void ToJson_DescribesTheToolboxEntry()
    {
        var descriptor = new ActivityRegistry().Register<TestWaitForSignal>();

        var json = descriptor.ToJson().ToJsonString();

        Assert.Equal(
            """{"type":"WaitForSignal","category":"Blocking","description":"","outcomes":["done","timeout"],"dynamicOutcomes":false,"blocking":true,"commitAfter":false,"inputs":[""" +
            """{"name":"signal","type":"string","required":true,"description":"Signal name.","sensitive":false},""" +
            """{"name":"correlation","type":"string","required":false,"description":"","sensitive":false},""" +
            """{"name":"timeout","type":"duration","required":false,"description":"","sensitive":false,"editor":"duration"}]}""",
            json);
    }

    private static Type EmitActivitySubclass(Type parent, string activityType)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Impostors"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Impostors");
        var builder = module.DefineType("Impostors.Delay", TypeAttributes.Public | TypeAttributes.Class, parent);
        builder.SetCustomAttribute(new CustomAttributeBuilder(typeof(ActivityAttribute).GetConstructor([typeof(string)])!, [activityType]));
        builder.DefineDefaultConstructor(MethodAttributes.Public);
        return builder.CreateType();
    }
}
