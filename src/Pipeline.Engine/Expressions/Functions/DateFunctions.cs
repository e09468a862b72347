using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Typing;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>Date and time functions with DuckDB's semantics. Timestamps with a time zone are computed in UTC.</summary>
internal static class DateFunctions
{
    private static readonly string[] Shorthands = ["year", "quarter", "month", "week", "day", "dayofweek", "dayofyear", "hour", "minute", "second", "isodow", "isoyear", "millisecond", "microsecond", "decade", "century"];

    public static void Register(Dictionary<string, FunctionCatalog.Entry> d)
    {
        d["date_part"] = d["datepart"] = new(2, 2, a => Part(a, Parts(a, a.ConstantText(0, "the date part")), a.Temporal(1)));
        foreach (var name in Shorthands)
        {
            var part = DateParts.Normalize(name)!;
            d[name] = new(1, 1, a => Part(a, part, a.Temporal(0)));
        }
        d["epoch"] = new(1, 1, a => Part(a, "epoch", a.Temporal(0)));
        d["date_diff"] = d["datediff"] = new(3, 3, DateDiff);
        d["date_trunc"] = d["datetrunc"] = new(2, 2, DateTrunc);
        d["make_date"] = new(3, 3, a => new CallNode(SqlType.Date, [a.Long(0), a.Long(1), a.Long(2)], static (v, c) =>
        {
            var y = v[0].As<long>(); var m = v[1].As<long>(); var dd = v[2].As<long>();
            var nulls = NullMasks.Or(v);
            var r = new long[y.Length];
            for (int i = 0; i < r.Length; i++)
            {
                if (nulls is not null && nulls[i]) continue;
                if (y[i] is < 1 or > 9999 || m[i] is < 1 or > 12 || dd[i] < 1 || dd[i] > DateTime.DaysInMonth((int)y[i], (int)m[i]))
                    throw c.Error($"date out of range: {y[i]}-{m[i]}-{dd[i]}");
                r[i] = Calendar.FromDate(new DateOnly((int)y[i], (int)m[i], (int)dd[i]));
            }
            return new Vector(SqlType.Date, r, nulls);
        }));
        d["strftime"] = new(2, 2, Strftime);
        d["strptime"] = new(2, 2, a => Strptime(a, false));
        d["try_strptime"] = new(2, 2, a => Strptime(a, true));
    }

    private static string Parts(CallArgs a, string text)
    {
        var part = DateParts.Normalize(text);
        if (part is not null) return part;
        var hint = YamlNodes.Suggest(text, DateParts.Known);
        throw a.Error($"unknown date part '{text}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
    }

    /// <summary>date_part: BIGINT for every part except epoch (DOUBLE seconds).</summary>
    private static Node Part(CallArgs a, string part, Node x)
    {
        bool isDate = x.Type.Kind == SqlKind.Date;
        if (part == "epoch")
            return new CallNode(SqlType.Double, [x], (v, c) => VectorOps.Map<long, double>(v[0], SqlType.Double, t => isDate ? t * 86400.0 : t / 1e6));
        if (isDate && part is "hour" or "minute" or "second" or "millisecond" or "microsecond")
            return new CallNode(SqlType.Int64, [x], static (v, c) => VectorOps.Map<long, long>(v[0], SqlType.Int64, static _ => 0));
        Func<DateOnly, long, long> f = part switch
        {
            "year" => static (d, t) => d.Year,
            "quarter" => static (d, t) => (d.Month - 1) / 3 + 1,
            "month" => static (d, t) => d.Month,
            "week" => static (d, t) => Calendar.IsoWeek(d).Week,
            "isoyear" => static (d, t) => Calendar.IsoWeek(d).Year,
            "day" => static (d, t) => d.Day,
            "dow" => static (d, t) => (int)d.DayOfWeek,
            "isodow" => static (d, t) => Calendar.IsoDayOfWeek(d),
            "doy" => static (d, t) => d.DayOfYear,
            "decade" => static (d, t) => d.Year / 10,
            "century" => static (d, t) => (d.Year - 1) / 100 + 1,
            "millennium" => static (d, t) => (d.Year - 1) / 1000 + 1,
            "hour" => static (d, t) => t / 3_600_000_000L,
            "minute" => static (d, t) => t / 60_000_000L % 60,
            "second" => static (d, t) => t / 1_000_000L % 60,
            "millisecond" => static (d, t) => t % 60_000_000L / 1000,
            _ => static (d, t) => t % 60_000_000L,
        };
        return new CallNode(SqlType.Int64, [x], (v, c) => Guard(c, () => isDate
            ? VectorOps.Map<long, long>(v[0], SqlType.Int64, days => f(Calendar.ToDate(days), 0))
            : VectorOps.Map<long, long>(v[0], SqlType.Int64, t => f(Calendar.DateOfTimestamp(t), Calendar.MicrosOfDay(t)))));
    }

    /// <summary>A calendar error (a date beyond year 9999) as an error naming the expression.</summary>
    public static Vector Guard(EvalContext c, Func<Vector> run)
    {
        try { return run(); }
        catch (InvalidOperationException e) when (e.Message.Contains("outside years")) { throw c.Error(e.Message); }
    }

    /// <summary>date_diff(part, start, end): how many part boundaries lie between the two, as DuckDB counts them
    /// (calendar fields for months and longer, whole 7-day spans for weeks, unit boundaries for days and shorter).</summary>
    private static Node DateDiff(CallArgs a)
    {
        var part = Parts(a, a.ConstantText(0, "the date part"));
        var (start, end, type) = a.Binder.Unify(a.Temporal(1), a.Temporal(2), a.Call, "date_diff()");
        bool isDate = type.Kind == SqlKind.Date;
        Func<long, long, long> f = part switch
        {
            "year" => (x, y) => Y(y) - Y(x),
            "quarter" => (x, y) => Q(y) - Q(x),
            "month" => (x, y) => M(y) - M(x),
            "day" or "dow" or "doy" or "isodow" => (x, y) => Day(y) - Day(x),
            "week" => (x, y) => (Day(y) - Day(x)) / 7,
            "isoyear" => (x, y) => Calendar.IsoWeek(Calendar.ToDate(Day(y))).Year - Calendar.IsoWeek(Calendar.ToDate(Day(x))).Year,
            "decade" => (x, y) => Y(y) / 10 - Y(x) / 10,
            "century" => (x, y) => Y(y) / 100 - Y(x) / 100,
            "millennium" => (x, y) => Y(y) / 1000 - Y(x) / 1000,
            "hour" => (x, y) => Units(y, 3_600_000_000L) - Units(x, 3_600_000_000L),
            "minute" => (x, y) => Units(y, 60_000_000L) - Units(x, 60_000_000L),
            "second" or "epoch" => (x, y) => Units(y, 1_000_000L) - Units(x, 1_000_000L),
            "millisecond" => (x, y) => Units(y, 1000L) - Units(x, 1000L),
            _ => (x, y) => Micros(y) - Micros(x),
        };
        return new CallNode(SqlType.Int64, [start, end], (v, c) => Guard(c, () => VectorOps.Map(v[0], v[1], SqlType.Int64, f)));

        long Day(long t) => isDate ? t : Calendar.DaysOf(t);
        long Micros(long t) => isDate ? t * Calendar.MicrosPerDay : t;
        long Units(long t, long unit) => Calendar.FloorDiv(Micros(t), unit);
        long Y(long t) => Calendar.ToDate(Day(t)).Year;
        long M(long t) { var d = Calendar.ToDate(Day(t)); return d.Year * 12L + d.Month - 1; }
        long Q(long t) => M(t) / 3;
    }

    /// <summary>date_trunc(part, x): always a TIMESTAMP (DuckDB 1.5 answers a TIMESTAMP for a DATE too).</summary>
    private static Node DateTrunc(CallArgs a)
    {
        var part = Parts(a, a.ConstantText(0, "the date part"));
        var x = a.Temporal(1);
        bool isDate = x.Type.Kind == SqlKind.Date;
        bool dayOrLonger = part is "year" or "quarter" or "month" or "week" or "day" or "decade" or "century" or "millennium" or "isoyear";
        if (!dayOrLonger && part is not ("hour" or "minute" or "second" or "millisecond" or "microsecond"))
            throw a.Error($"cannot truncate to '{part}'");
        Func<DateOnly, DateOnly> day = part switch
        {
            "year" => static d => new DateOnly(d.Year, 1, 1),
            "quarter" => static d => new DateOnly(d.Year, (d.Month - 1) / 3 * 3 + 1, 1),
            "month" => static d => new DateOnly(d.Year, d.Month, 1),
            "week" => static d => d.AddDays(1 - Calendar.IsoDayOfWeek(d)),
            "isoyear" => static d => DateOnly.FromDateTime(System.Globalization.ISOWeek.GetYearStart(Calendar.IsoWeek(d).Year)),
            "decade" => static d => new DateOnly(Math.Max(1, d.Year / 10 * 10), 1, 1),
            "century" => static d => new DateOnly((d.Year - 1) / 100 * 100 + 1, 1, 1),
            "millennium" => static d => new DateOnly((d.Year - 1) / 1000 * 1000 + 1, 1, 1),
            _ => static d => d,
        };
        long unit = part switch { "hour" => 3_600_000_000L, "minute" => 60_000_000L, "second" => 1_000_000L, "millisecond" => 1000L, _ => 1L };
        var type = isDate ? SqlType.Timestamp : x.Type;
        return new CallNode(type, [x], (v, c) => Guard(c, () => VectorOps.Map<long, long>(v[0], type, t =>
        {
            long micros = isDate ? t * Calendar.MicrosPerDay : t;
            if (dayOrLonger) return Calendar.FromDate(day(Calendar.DateOfTimestamp(micros))) * Calendar.MicrosPerDay;
            return micros - Calendar.FloorMod(micros, unit);
        })));
    }

    private static Node Strftime(CallArgs a)
    {
        // DuckDB takes both strftime(value, format) and strftime(format, value).
        int value = a[0].Type.Kind == SqlKind.String && a[1].Type.Kind != SqlKind.String ? 1 : 0;
        var format = a.ConstantText(1 - value, "the format");
        var x = a.Temporal(value);
        bool isDate = x.Type.Kind == SqlKind.Date;
        var compiled = DateFormat.Compile(format);
        return new CallNode(SqlType.String, [x], (v, c) => Guard(c, () =>
            VectorOps.Map<long, string?>(v[0], SqlType.String, t => DateFormat.Format(compiled, isDate ? t * Calendar.MicrosPerDay : t))));
    }

    private static Node Strptime(CallArgs a, bool orNull)
    {
        var format = a.ConstantText(1, "the format");
        var compiled = DateFormat.Compile(format);
        return new CallNode(SqlType.Timestamp, [a.Text(0)], (v, c) => orNull
            ? VectorOps.MapOrNull<string, long>(v[0], SqlType.Timestamp, (string s, out long t) => DateFormat.TryParse(compiled, s, out t))
            : VectorOps.Map<string, long>(v[0], SqlType.Timestamp, s =>
                DateFormat.TryParse(compiled, s, out var t) ? t : throw c.Error($"could not parse '{s}' with format '{format}'")));
    }
}
