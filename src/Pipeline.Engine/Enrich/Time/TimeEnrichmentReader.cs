using NodaTime;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Enrich.Time;

/// <summary>Reads <c>time: {...}</c>; an unknown zone, part or country is an error at its file, line and column.</summary>
internal static class TimeEnrichmentReader
{
    private static readonly string[] Keys = ["column", "from_zone", "to_zone", "parts", "holidays", "business_day", "as"];

    /// <summary>Reads the settings of one <c>time:</c> item.</summary>
    public static EnrichmentSpec Read(YamlNodes y, YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(y);
        var map = y.Mapping(node, "enrich time");
        string? column = null, as_ = null, holidays = null;
        string from = "UTC", to = "UTC";
        var parts = new List<TimePart>();
        bool businessDay = false;
        foreach (var (key, value) in y.Entries(map, "enrich time", Keys))
        {
            switch (key)
            {
                case "column": column = y.Scalar(value, "enrich time.column"); break;
                case "from_zone": from = Zone(y, value, "from_zone"); break;
                case "to_zone": to = Zone(y, value, "to_zone"); break;
                case "as": as_ = y.Scalar(value, "enrich time.as"); break;
                case "business_day": businessDay = y.Bool(value, "enrich time.business_day"); break;
                case "holidays":
                    holidays = y.Scalar(value, "enrich time.holidays").ToUpperInvariant();
                    if (HolidayCalendars.Find(holidays) is null)
                        throw y.Error(value, $"enrich time.holidays: no holiday calendar for '{holidays}' (served: {string.Join(", ", HolidayCalendars.Codes.Order())})");
                    break;
                case "parts":
                    var list = value as YamlSequenceNode ?? throw y.Error(value, "enrich time.parts must be a list");
                    foreach (var item in list.Children)
                    {
                        var name = y.Scalar(item, "enrich time.parts");
                        var part = TimePart.Find(name);
                        if (part is null)
                        {
                            var hint = YamlNodes.Suggest(name, TimePart.Names);
                            throw y.Error(item, $"enrich time.parts: unknown part '{name}'" + (hint is null ? $" (known: {string.Join(", ", TimePart.Names)})" : $" (did you mean '{hint}'?)"));
                        }
                        if (parts.Contains(part)) throw y.Error(item, $"enrich time.parts: '{name}' is listed twice");
                        parts.Add(part);
                    }
                    break;
            }
        }
        if (column is null) throw y.Error(map, "enrich time needs 'column:' (a timestamp column)");
        if (businessDay && holidays is null) throw y.Error(map, "enrich time.business_day needs 'holidays:' (a country code such as FR)");
        return new TimeSpec(column, from, to, parts, holidays, businessDay, as_, y.Location(map));
    }

    private static string Zone(YamlNodes y, YamlNode node, string key)
    {
        var id = y.Scalar(node, $"enrich time.{key}");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null) return id;
        var hint = YamlNodes.Suggest(id, DateTimeZoneProviders.Tzdb.Ids);
        throw y.Error(node, $"enrich time.{key}: unknown time zone '{id}'" + (hint is null ? " (an IANA name such as Europe/Paris)" : $" (did you mean '{hint}'?)"));
    }
}
