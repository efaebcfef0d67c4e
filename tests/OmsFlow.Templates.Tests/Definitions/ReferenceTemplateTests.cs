using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;
using OmsFlow.Templates.Validation;

namespace OmsFlow.Templates.Tests.Definitions;

public class ReferenceTemplateTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);

    public static TheoryData<string> EmailSets() => [.. Library.Sets.Values.Where(s => s.Kind == TemplateKind.Email).Select(s => s.Id)];

    public static TheoryData<string> AllSets() => [.. Library.Sets.Keys];

    private static TemplateEngine NewEngine()
    {
        var engine = new TemplateEngine();
        Library.RegisterPartials(engine);
        return engine;
    }

    [Fact]
    public void LoadLibrary_FindsEveryDocumentKindAndTheSharedPartials()
    {
        Assert.Equal(
            ["approval-request", "cancellation", "credit-note", "delivered", "invoice", "order-confirmation", "packing-slip", "refund", "review-request", "shipped", "shipping-label"],
            Library.Sets.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(Library.Partials, p => p is { Name: "email-layout", Mode: OutputMode.Html });
        Assert.Contains(Library.Partials, p => p is { Name: "email-layout", Mode: OutputMode.Text });
        Assert.All(Library.Sets.Values, s => Assert.NotNull(s.SampleData));
    }

    [Theory]
    [MemberData(nameof(AllSets))]
    public void ReferenceSet_ValidatesStrictlyAgainstItsSampleData(string id)
    {
        var problems = Library.Get(id).Validate(new TemplateValidator(NewEngine()));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(EmailSets))]
    public void EmailSet_RendersSampleToGoldenFiles(string id)
    {
        var email = new EmailRenderer(NewEngine()).Render(Library.Get(id), Library.Get(id).SampleData, RenderSettings.For("en-GB", "Europe/Amsterdam"));

        GoldenFile.AssertMatches($"{id}/subject.txt", email.Subject + "\n");
        GoldenFile.AssertMatches($"{id}/body.html", email.HtmlBody);
        GoldenFile.AssertMatches($"{id}/body.txt", email.TextBody);
    }
}
