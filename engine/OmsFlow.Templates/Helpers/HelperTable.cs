using HandlebarsDotNet;

namespace OmsFlow.Templates.Helpers;

/// <summary>
/// The value-returning helpers of one output mode, kept by name so both renderers call the same code: Handlebars.Net
/// (registered from this table) and the direct renderer, which calls them without Handlebars' binding machinery.
/// </summary>
internal sealed class HelperTable
{
    private readonly Dictionary<string, HandlebarsReturnHelper> _helpers = new(StringComparer.Ordinal);

    public void Add(string name, HandlebarsReturnHelper helper) => _helpers[name] = helper;

    public bool TryGet(string name, out HandlebarsReturnHelper helper) => _helpers.TryGetValue(name, out helper!);

    public void RegisterInto(IHandlebars handlebars)
    {
        foreach (var (name, helper) in _helpers)
        {
            handlebars.RegisterHelper(name, helper);
        }
    }
}
