using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Types;
using NodaTime;
using NodaTime.TimeZones;
using Pipeline.Core.Errors;
using Pipeline.Engine.Results;
using PublicHoliday;

namespace Pipeline.Engine.Enrich.Time;

/// <summary>
/// <c>time:</c>: converts a timestamp column to another IANA zone (NodaTime's own tzdb, so results do not depend on
/// the host) and adds the local time, calendar parts, a holiday flag and a business-day flag. A timestamp without a
/// zone is wall time in <c>from_zone</c>; local times that do not exist there (a DST gap) are shifted forward by the
/// gap's length, and ambiguous ones (a DST overlap) take the earlier instant; both are counted (<c>dst_gap</c>,
/// <c>dst_overlap</c>). A timestamp with a zone is an instant and <c>from_zone</c> is not used.
/// </summary>
internal sealed class TimeEnrichment : IEnrichment
{
    private const long MicrosPerDay = 86_400_000_000L;
    private const int UnixEpochDayNumber = 719162; // DateOnly(1970, 1, 1).DayNumber
    private readonly TimeSpec _spec;
    private readonly string _step;
    private readonly DateTimeZone _from;
    private readonly DateTimeZone _to;
    private readonly IPublicHolidays? _calendar;
    private readonly ConcurrentDictionary<int, bool> _holidayByDay = new();
    private long _rows, _affected, _gaps, _overlaps, _holidays, _businessDays;
    private string[] _added = [];

    public TimeEnrichment(TimeSpec spec, string step)
    {
        _spec = spec;
        _step = step;
        _from = DateTimeZoneProviders.Tzdb[spec.FromZone];
        _to = DateTimeZoneProviders.Tzdb[spec.ToZone];
        _calendar = spec.Holidays is { } code ? HolidayCalendars.Find(code) : null;
    }

    public Schema Bind(Schema input)
    {
        int index = input.GetFieldIndex(_spec.Column);
        if (index < 0)
        {
            var hint = Yaml.YamlNodes.Suggest(_spec.Column, input.FieldsList.Select(f => f.Name));
            throw Fail($"column '{_spec.Column}' is not in the input" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
        }
        if (input.FieldsList[index].DataType is not TimestampType)
            throw Fail($"column '{_spec.Column}' is {Results.TypeNames.Describe(input.FieldsList[index].DataType)}, not a timestamp (parse it first with clean: parse: timestamp, or cast)");
        var builder = new Schema.Builder();
        foreach (var field in input.FieldsList) builder.Field(field);
        var added = new List<string>();
        void Add(string name, IArrowType type)
        {
            if (input.GetFieldIndex(name) >= 0 || added.Contains(name)) throw Fail($"column '{name}' it would add already exists");
            added.Add(name);
            builder.Field(new Field(name, type, nullable: true));
        }
        if (_spec.As is { } local) Add(local, new TimestampType(TimeUnit.Microsecond, (string?)null));
        foreach (var part in _spec.Parts) Add($"{_spec.Column}_{part.Name}", part.Type);
        if (_calendar is not null) Add($"{_spec.Column}_holiday", BooleanType.Default);
        if (_spec.BusinessDay) Add($"{_spec.Column}_business_day", BooleanType.Default);
        _added = [.. added];
        return builder.Build();
    }

    public RecordBatch Apply(RecordBatch batch)
    {
        var schema = Bind(batch.Schema);
        var source = (TimestampArray)batch.Column(_spec.Column);
        int n = batch.Length;
        var local = new long[n];
        var valid = new bool[n];
        long affected = 0;
        ToLocal(source, local, valid, ref affected);

        var columns = new List<IArrowArray>(batch.ColumnCount + _added.Length);
        for (int c = 0; c < batch.ColumnCount; c++) columns.Add(batch.Column(c));
        if (_spec.As is not null) columns.Add(TimestampColumn(local, valid));
        foreach (var part in _spec.Parts) columns.Add(PartColumn(part, local, valid));
        if (_calendar is not null)
        {
            var holiday = new Apache.Arrow.BooleanArray.Builder().Reserve(n);
            long count = 0;
            for (int i = 0; i < n; i++)
            {
                if (!valid[i]) { holiday.AppendNull(); continue; }
                bool h = IsHoliday(Day(local[i]));
                count += h ? 1 : 0;
                holiday.Append(h);
            }
            Interlocked.Add(ref _holidays, count);
            columns.Add(holiday.Build());
        }
        if (_spec.BusinessDay)
        {
            var business = new Apache.Arrow.BooleanArray.Builder().Reserve(n);
            long count = 0;
            for (int i = 0; i < n; i++)
            {
                if (!valid[i]) { business.AppendNull(); continue; }
                int day = Day(local[i]);
                var date = DateOnly.FromDayNumber(day + UnixEpochDayNumber);
                bool b = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);
                count += b ? 1 : 0;
                business.Append(b);
            }
            Interlocked.Add(ref _businessDays, count);
            columns.Add(business.Build());
        }
        Interlocked.Add(ref _rows, n);
        Interlocked.Add(ref _affected, affected);
        return new RecordBatch(schema, columns, n);
    }

    public EnrichResult Result() => new("time", _spec.Column, _added, [], Interlocked.Read(ref _rows), Interlocked.Read(ref _affected))
    {
        Counts = new Dictionary<string, long>
        {
            ["dst_gap"] = Interlocked.Read(ref _gaps),
            ["dst_overlap"] = Interlocked.Read(ref _overlaps),
            ["holidays"] = Interlocked.Read(ref _holidays),
            ["business_days"] = Interlocked.Read(ref _businessDays),
        },
    };

    /// <summary>Local wall time in <c>to_zone</c>, as microseconds since 1970-01-01 (local), per row.</summary>
    private void ToLocal(TimestampArray source, long[] local, bool[] valid, ref long affected)
    {
        var type = (TimestampType)source.Data.DataType;
        bool isInstant = !string.IsNullOrEmpty(type.Timezone);
        var values = source.Values;
        ZoneInterval? toInterval = null, fromInterval = null;
        long gaps = 0, overlaps = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (source.IsNull(i)) continue;
            long raw = values[i];
            long us = type.Unit switch
            {
                TimeUnit.Second => raw * 1_000_000,
                TimeUnit.Millisecond => raw * 1_000,
                TimeUnit.Microsecond => raw,
                _ => FloorDiv(raw, 1_000),
            };
            long utc;
            if (isInstant) utc = us;
            else
            {
                // Wall time in from_zone: one zone interval covers most rows, so try the last one first.
                if (fromInterval is null || !TryIn(fromInterval, us, out utc))
                {
                    var mapping = _from.MapLocal(Instant.FromUnixTimeTicks(us * 10).InUtc().LocalDateTime);
                    if (mapping.Count == 1) { fromInterval = mapping.EarlyInterval; utc = us - Micros(mapping.EarlyInterval.WallOffset); }
                    else if (mapping.Count == 2) { overlaps++; utc = us - Micros(mapping.EarlyInterval.WallOffset); }
                    else { gaps++; utc = us - Micros(mapping.EarlyInterval.WallOffset); }
                }
            }
            var instant = Instant.FromUnixTimeTicks(utc * 10);
            if (toInterval is null || !toInterval.Contains(instant)) toInterval = _to.GetZoneInterval(instant);
            local[i] = utc + Micros(toInterval.WallOffset);
            valid[i] = true;
            affected++;
        }
        Interlocked.Add(ref _gaps, gaps);
        Interlocked.Add(ref _overlaps, overlaps);
    }

    /// <summary>Whether wall time <paramref name="us"/> maps to exactly one instant inside <paramref name="interval"/>
    /// away from its edges (where a gap or overlap could make it ambiguous).</summary>
    private static bool TryIn(ZoneInterval interval, long us, out long utc)
    {
        utc = us - Micros(interval.WallOffset);
        const long margin = 2 * MicrosPerDay;
        long start = interval.HasStart ? interval.Start.ToUnixTimeTicks() / 10 : long.MinValue / 2;
        long end = interval.HasEnd ? interval.End.ToUnixTimeTicks() / 10 : long.MaxValue / 2;
        return utc >= start + margin && utc < end - margin;
    }

    private static long Micros(Offset offset) => offset.Ticks / 10;

    private static int Day(long localMicros) => (int)FloorDiv(localMicros, MicrosPerDay);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : (a - b + 1) / b;

    private bool IsHoliday(int day)
        => _holidayByDay.GetOrAdd(day, d => _calendar!.IsPublicHoliday(DateOnly.FromDayNumber(d + UnixEpochDayNumber).ToDateTime(TimeOnly.MinValue)));

    private static TimestampArray TimestampColumn(long[] local, bool[] valid)
    {
        var builder = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, (string?)null)).Reserve(local.Length);
        for (int i = 0; i < local.Length; i++)
        {
            if (valid[i]) builder.Append(DateTimeOffset.UnixEpoch.AddTicks(local[i] * 10));
            else builder.AppendNull();
        }
        return builder.Build();
    }

    private static IArrowArray PartColumn(TimePart part, long[] local, bool[] valid)
    {
        int n = local.Length;
        if (part.Type is Date32Type)
        {
            var dates = new Date32Array.Builder().Reserve(n);
            for (int i = 0; i < n; i++)
            {
                if (valid[i]) dates.Append(DateOnly.FromDayNumber(Day(local[i]) + UnixEpochDayNumber));
                else dates.AppendNull();
            }
            return dates.Build();
        }
        var ints = new Int32Array.Builder().Reserve(n);
        for (int i = 0; i < n; i++)
        {
            if (!valid[i]) { ints.AppendNull(); continue; }
            int day = Day(local[i]);
            long timeOfDay = local[i] - day * MicrosPerDay;
            ints.Append(part.Of(DateOnly.FromDayNumber(day + UnixEpochDayNumber), timeOfDay));
        }
        return ints.Build();
    }

    private PipelineException Fail(string message) => new(PipelineErrorKind.InvalidInput, $"{_spec.Where(_step)}: {message}");
}
