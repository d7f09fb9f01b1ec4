using System.Net;
using System.Text.RegularExpressions;

namespace UnionOne.Bench.Workloads.Card;

/// <summary>
/// Reads the forms of a server-rendered page (as a browser would post them): every input with its name and value.
/// Field names are found on the page, not assumed, so renaming a form model does not break the benchmark.
/// </summary>
internal sealed partial record HtmlForm(string? Action, IReadOnlyList<(string Name, string Type, string Value)> Inputs)
{
    public string? Hidden(string name) => Inputs.FirstOrDefault(i => i.Name == name).Value;

    /// <summary>The first visible (non-hidden) input whose name ends with <paramref name="suffix"/>, else the first hidden one.</summary>
    public string? FieldEndingWith(string suffix) =>
        Inputs.Where(i => i.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).OrderBy(i => i.Type == "hidden").Select(i => i.Name).FirstOrDefault();

    /// <summary>The form's fields with some replaced: what the browser would send.</summary>
    public FormUrlEncodedContent Post(IReadOnlyDictionary<string, string> values)
    {
        var fields = Inputs.Where(i => i.Type is not ("submit" or "button" or "checkbox" or "radio"))
            .GroupBy(i => i.Name).Select(g => g.First())
            .Select(i => new KeyValuePair<string, string>(i.Name, values.TryGetValue(i.Name, out var v) ? v : i.Value)).ToList();
        foreach (var (k, v) in values)
        {
            if (fields.All(f => f.Key != k)) fields.Add(new(k, v));
        }
        return new FormUrlEncodedContent(fields);
    }

    public static IReadOnlyList<HtmlForm> Parse(string html) =>
        FormElement().Matches(html).Select(m =>
        {
            var action = Attribute(m.Groups[1].Value, "action");
            var inputs = InputElement().Matches(m.Groups[2].Value)
                .Select(i => (Name: Attribute(i.Value, "name"), Type: Attribute(i.Value, "type")?.ToLowerInvariant() ?? "text", Value: Attribute(i.Value, "value") ?? ""))
                .Where(i => i.Name is not null)
                .Select(i => (i.Name!, i.Type, i.Value))
                .ToList();
            return new HtmlForm(action, inputs);
        }).ToList();

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $@"\s{name}\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s>]+))", RegexOptions.IgnoreCase);
        if (!m.Success) return null;
        var raw = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
        return WebUtility.HtmlDecode(raw);
    }

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();
}
