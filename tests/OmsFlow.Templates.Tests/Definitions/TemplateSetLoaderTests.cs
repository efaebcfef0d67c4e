using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Definitions;

public sealed class TemplateSetLoaderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("omsflow-templates-").FullName;

    private string Set(string id, string manifest, params (string Name, string Content)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, id)).FullName;
        File.WriteAllText(Path.Combine(folder, "template.yaml"), manifest);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content);
        }

        return folder;
    }

    [Fact]
    public void LoadSet_NamesPartsByFileAndPicksModeFromExtension()
    {
        var folder = Set("welcome", "kind: email\nname: Welcome\n", ("subject.hbs", "Hi"), ("body.html.hbs", "<p>Hi</p>"), ("body.txt.hbs", "Hi"), ("sample.json", "{\"a\":1}"));

        var set = TemplateSetLoader.LoadSet(folder, version: 4);

        Assert.Equal(("welcome", 4, TemplateKind.Email, "Welcome"), (set.Id, set.Version, set.Kind, set.Name));
        Assert.Equal(OutputMode.Html, set.RequiredPart(TemplatePartNames.HtmlBody).Mode);
        Assert.Equal(OutputMode.Text, set.RequiredPart(TemplatePartNames.TextBody).Mode);
        Assert.Equal("welcome/body.html.hbs", set.RequiredPart(TemplatePartNames.HtmlBody).Id);
        Assert.Equal(1, set.SampleData!.Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public void LoadSet_UnknownKind_NamesFileLineAndTheKindsThatExist()
    {
        var folder = Set("bad", "name: Bad\nkind: fax\n");

        var error = Assert.Throws<TemplateDefinitionException>(() => TemplateSetLoader.LoadSet(folder));

        Assert.Contains("template.yaml:2:1: unknown kind 'fax'", error.Message, StringComparison.Ordinal);
        Assert.Contains("credit-note", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadSet_InvalidSampleJson_NamesFileAndLine()
    {
        var folder = Set("broken", "kind: invoice\n", ("sample.json", "{\n  \"a\": 1,\n  \"b\": \n}"));

        var error = Assert.Throws<TemplateDefinitionException>(() => TemplateSetLoader.LoadSet(folder));

        Assert.Contains("sample.json:4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadSet_MalformedYaml_NamesLineAndColumn()
    {
        var folder = Set("yaml", "kind: email\ndescription: a: b\n");

        var error = Assert.Throws<TemplateDefinitionException>(() => TemplateSetLoader.LoadSet(folder));

        Assert.Contains("template.yaml:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiredPart_Missing_SaysWhichFileToAdd()
    {
        var set = TemplateSetLoader.LoadSet(Set("nosubject", "kind: email\n", ("body.html.hbs", "x")));

        var error = Assert.Throws<TemplateRenderException>(() => set.RequiredPart(TemplatePartNames.Subject));

        Assert.Contains("add subject.hbs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FromStoredTexts_MatchesWhatTheLoaderBuildsFromFiles()
    {
        var folder = Set("stored", "kind: email\n", ("subject.hbs", "S {{a}}"), ("body.html.hbs", "<b>{{a}}</b>"), ("body.txt.hbs", "{{a}}"));
        var loaded = TemplateSetLoader.LoadSet(folder, version: 2);

        var created = TemplateSet.Create("stored", 2, TemplateKind.Email, new Dictionary<string, string>
        {
            [TemplatePartNames.Subject] = "S {{a}}",
            [TemplatePartNames.HtmlBody] = "<b>{{a}}</b>",
            [TemplatePartNames.TextBody] = "{{a}}",
        });

        Assert.Equal(loaded.Parts.Values.Select(p => (p.Id, p.Version, p.Mode, p.ContentHash)).Order(), created.Parts.Values.Select(p => (p.Id, p.Version, p.Mode, p.ContentHash)).Order());
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
