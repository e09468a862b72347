namespace Pipeline.Engine.Document.Html;

/// <summary>The report's inline stylesheet: system fonts only (nothing fetched), laptop-width layout, print rules that
/// drop the navigation and keep charts and table rows from splitting across pages.</summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --fg: #1d2733; --muted: #5b6775; --line: #dde3ea; --accent: #3b6ea8; --flag: #d9480f; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #f6f8fa; }
        header { background: #1d2733; color: #fff; padding: 20px 32px; }
        header h1 { margin: 0 0 4px; font-size: 22px; }
        header p { margin: 0; color: #c8d1db; }
        .layout { display: flex; max-width: 1280px; margin: 0 auto; }
        nav { position: sticky; top: 0; align-self: flex-start; width: 210px; padding: 20px 12px; font-size: 13px; max-height: 100vh; overflow-y: auto; }
        nav a { display: block; color: var(--muted); text-decoration: none; padding: 2px 6px; border-radius: 4px; }
        nav a:hover { background: #e8edf3; color: var(--fg); }
        nav .sub { padding-left: 18px; font-size: 12px; }
        main { flex: 1; min-width: 0; padding: 16px 24px 40px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 20px 16px; margin-bottom: 16px; }
        h2 { font-size: 18px; margin: 4px 0 10px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 8px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; background: #fbfcfd; }
        .card b { display: block; font-size: 20px; }
        .card span { color: var(--muted); font-size: 12px; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: #f1f4f7; font-weight: 600; }
        td.num, th.num { text-align: right; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; font-weight: 600; color: #fff; }
        .high { background: #c92a2a; } .medium { background: #e67700; } .low { background: #5c7cfa; } .info { background: #868e96; }
        .pass { color: #2b8a3e; font-weight: 600; } .fail { color: #c92a2a; font-weight: 600; }
        .note { color: var(--muted); font-size: 12px; }
        .columns { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
        .column { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px; }
        .column h3 { margin-top: 2px; }
        .column table td { padding: 1px 6px; }
        code { background: #f1f4f7; padding: 0 4px; border-radius: 3px; font-size: 12px; }
        svg.chart { max-width: 100%; height: auto; display: block; margin: 6px 0; }
        ol.narrative li, ul.narrative li { margin-bottom: 4px; }
        @media print {
          body { background: #fff; font-size: 11px; }
          nav { display: none; }
          header { background: #fff; color: #000; border-bottom: 2px solid #000; }
          header p { color: #333; }
          section { border: none; page-break-inside: auto; padding: 0; }
          .column, svg.chart, tr { break-inside: avoid; }
          .badge { border: 1px solid #000; color: #000; background: #fff; }
        }
        """;
}
