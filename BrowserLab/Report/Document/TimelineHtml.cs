using System.Reflection;
using System.Text.Json;

namespace Lab.BrowserLab.Report.Document;

/// <summary>
/// The interactive timeline's markup: its controls, an SVG the script draws into, its data as JSON and the script
/// itself (<c>Report/Explorer/explorer.js</c>, embedded in the assembly), all inline, so the page needs nothing but
/// itself. Plain SVG and a few hundred lines of script rather than a charting library: lanes, marks, a zoom from
/// minutes to a millisecond and a tooltip are all it draws, and there is then nothing to vendor, pin or load.
/// </summary>
internal static class TimelineHtml
{
    // The default encoder escapes <, > and &: no string of the data can close the script element it sits in.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Lab.BrowserLab.Report.Explorer.explorer.js")
                           ?? throw new InvalidOperationException("explorer.js is not embedded in the BrowserLab assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private const string Style =
        "#explorer{border:1px solid #ccc;padding:8px;margin:8px 0}#explorer .bar{margin:4px 0}#explorer button{margin:0 4px 4px 0;font-size:12px}" +
        "#explorer label{margin-right:10px;font-size:13px}#explorer-svg,#explorer-overview{display:block;width:100%;user-select:none}" +
        "#explorer-svg{cursor:grab}#explorer-tip{position:fixed;display:none;background:#fff;border:1px solid #888;padding:6px;font-size:12px;" +
        "max-width:460px;box-shadow:2px 2px 6px #0003;pointer-events:none;white-space:pre-wrap}#explorer .lane.selected text{font-weight:bold}" +
        "#explorer .lane.linked text{font-weight:bold;fill:#a00}";

    public static string Write(InteractiveTimeline timeline) =>
        $"<style>{Style}</style>" +
        $"<div id=\"{timeline.Id}\" tabindex=\"0\">" +
        "<div class=\"bar\" id=\"explorer-spans\"></div>" +
        "<div class=\"bar\" id=\"explorer-filters\"></div>" +
        "<div class=\"bar\" id=\"explorer-status\"></div>" +
        "<svg id=\"explorer-overview\" height=\"36\"></svg>" +
        "<svg id=\"explorer-svg\"></svg>" +
        "<div id=\"explorer-tip\"></div>" +
        $"<script type=\"application/json\" id=\"explorer-data\">{JsonSerializer.Serialize(timeline.Model, Json)}</script>" +
        $"<script>{Script.Value}</script>" +
        "</div>";
}
