using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Casts;

namespace Pipeline.IO.Inference;

/// <summary>
/// The inferred type of one text column, refined value by value: starts at <see cref="InferredKind.Null"/> and only
/// widens. Keeps what a schema should record besides the type: the date or timestamp layout, whether timestamps
/// carried a time zone, and whether a string column is really human-formatted numbers ("numeric in string").
/// Not thread-safe: one instance per column per reader.
/// </summary>
public sealed class ColumnTypeInference
{
    /// <summary>Arrow field metadata key holding the detected text layout of dates and timestamps.</summary>
    public const string FormatKey = "pipeline.format";
    /// <summary>Arrow field metadata key holding a semantic hint (<see cref="DecimalStringSemantic"/>).</summary>
    public const string SemanticKey = "pipeline.semantic";
    /// <summary>Semantic hint of a string column whose values are human-formatted numbers (<c>1,234.50</c>, <c>$12</c>, <c>5%</c>).</summary>
    public const string DecimalStringSemantic = "decimal_string";

    private InferredKind _kind;
    private DateFormats _dateLayouts = DateFormats.All;
    private bool _sawTSeparator, _sawSpaceSeparator, _sawSeconds, _sawOffset, _sawNaive, _sawSpecialFloat;
    private int _fractionDigits;
    private bool _allNumberLike = true, _anyDecimalLooking;
    private int _maxFractionDigits;

    /// <summary>Creates an inference at the bottom of the lattice.</summary>
    public ColumnTypeInference() { }

    /// <summary>Creates an inference fixed at a kind (a user override): <see cref="Observe"/> still widens it.</summary>
    /// <param name="kind">The declared kind.</param>
    /// <param name="decimalScale">For <see cref="InferredKind.Decimal"/>: digits after the point (0 to 38).</param>
    public ColumnTypeInference(InferredKind kind, int decimalScale = 0)
    {
        _kind = kind;
        DecimalScale = Math.Clamp(decimalScale, 0, Utf8DecimalParser.MaxPrecision);
    }

    /// <summary>Scale of a <see cref="InferredKind.Decimal"/> column.</summary>
    public int DecimalScale { get; }

    /// <summary>The most digits after the decimal point among the plain numbers seen (a decimal column's natural scale).</summary>
    public int MaxFractionDigits => _maxFractionDigits;

    /// <summary>A copy that can be refined independently.</summary>
    public ColumnTypeInference Clone() => (ColumnTypeInference)MemberwiseClone();

    /// <summary>Settles a date or timestamp column on its single preferred layout (month-first wins over day-first when
    /// the sample never told them apart), so every later value must use that layout.</summary>
    public void SettleLayout()
    {
        if (Kind is InferredKind.Date or InferredKind.Timestamp && _dateLayouts != DateFormats.All)
            _dateLayouts = DateFormatInfo.Preferred(_dateLayouts);
    }

    /// <summary>The current kind. A column that saw only NaN/infinity is <see cref="InferredKind.Double"/>.</summary>
    public InferredKind Kind => _kind == InferredKind.Null && _sawSpecialFloat ? InferredKind.Double : _kind;

    /// <summary>The date layouts still consistent with every date or timestamp value seen.</summary>
    public DateFormats DateLayouts => _dateLayouts;

    /// <summary>Whether a timestamp column had <c>Z</c> or an offset on some value.</summary>
    public bool HasTimeZone => _sawOffset;

    /// <summary>True when the column is a string column whose values are all numbers and at least one is
    /// human-formatted (thousands separators, currency, percent).</summary>
    public bool IsDecimalString => Kind == InferredKind.String && _allNumberLike && _anyDecimalLooking;

    /// <summary>The detected layout (<c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm:ss</c>, ...) of a date or timestamp column, else null.</summary>
    public string? FormatPattern => Kind switch
    {
        InferredKind.Date => DateFormatInfo.Pattern(_dateLayouts),
        InferredKind.Timestamp => Utf8TimestampParser.Pattern(new TimestampShape(_dateLayouts,
            _sawTSeparator && !_sawSpaceSeparator, _sawSeconds, _fractionDigits, _sawOffset)),
        _ => null,
    };

    /// <summary>Folds one non-null value into the inference, widening the kind when the value does not fit.</summary>
    public void Observe(ReadOnlySpan<byte> value)
    {
        if (_kind == InferredKind.String)
        {
            if (_allNumberLike) TrackNumberLike(value);
            return;
        }
        TrackNumberLike(value);
        _kind = InferredKinds.Join(_kind, Classify(value));
    }

    /// <summary>True when <paramref name="value"/> fits the current kind without widening (and without narrowing the
    /// recorded date layout).</summary>
    public bool Fits(ReadOnlySpan<byte> value)
    {
        var kind = Kind;
        return kind switch
        {
            InferredKind.Null => false,
            InferredKind.String => true,
            InferredKind.Bool => Utf8BoolParser.TryParse(value, out _),
            InferredKind.Int64 => Utf8Int64Parser.TryParse(value, out _),
            InferredKind.Double => Utf8DoubleParser.TryParse(value, out _),
            InferredKind.Decimal => Utf8DecimalParser.TryParse(value, DecimalScale, out _),
            InferredKind.Date => Utf8DateParser.TryParse(value, DateFormatInfo.Preferred(_dateLayouts), out _, out _),
            _ => Utf8TimestampParser.TryParse(value, _dateLayouts, out _, out _)
                 || Utf8DateParser.TryParse(value, _dateLayouts, out _, out _),
        };
    }

    private void TrackNumberLike(ReadOnlySpan<byte> value)
    {
        if (DecimalStringClassifier.IsDecimalLooking(value)) { _anyDecimalLooking = true; return; }
        if (!Utf8DoubleParser.TryParse(value, out _, out bool special) || special) _allNumberLike = false;
        else _maxFractionDigits = Math.Max(_maxFractionDigits, Utf8DecimalParser.FractionDigits(value));
    }

    // The kind of one value given what the column already is: a column that is already numeric or temporal only
    // tries the parsers that can keep it there, so a wide string column is not parsed five ways per value.
    private InferredKind Classify(ReadOnlySpan<byte> value)
    {
        switch (_kind)
        {
            case InferredKind.Int64:
                if (Utf8Int64Parser.TryParse(value, out _)) return InferredKind.Int64;
                return Utf8DoubleParser.TryParse(value, out _, out _) ? InferredKind.Double : InferredKind.String;
            case InferredKind.Double:
                return Utf8DoubleParser.TryParse(value, out _) ? InferredKind.Double : InferredKind.String;
            case InferredKind.Bool:
                return Utf8BoolParser.TryParse(value, out _) ? InferredKind.Bool : InferredKind.String;
            case InferredKind.Decimal:
                return Utf8DecimalParser.TryParse(value, DecimalScale, out _) ? InferredKind.Decimal : InferredKind.String;
            case InferredKind.Date:
            case InferredKind.Timestamp:
                return ClassifyTemporal(value);
        }
        if (Utf8BoolParser.TryParse(value, out _)) return InferredKind.Bool;
        if (Utf8Int64Parser.TryParse(value, out _)) return _sawSpecialFloat ? InferredKind.Double : InferredKind.Int64;
        if (Utf8DoubleParser.TryParse(value, out _, out bool special))
        {
            if (!special) return InferredKind.Double;
            // NaN/inf alone do not make a column numeric ("Nan" is also a name); they only lift int64 to double.
            _sawSpecialFloat = true;
            return _kind == InferredKind.Int64 ? InferredKind.Double : InferredKind.Null;
        }
        var temporal = ClassifyTemporal(value);
        return temporal;
    }

    private InferredKind ClassifyTemporal(ReadOnlySpan<byte> value)
    {
        if (Utf8DateParser.TryParse(value, _dateLayouts, out _, out var layouts))
        {
            _dateLayouts &= layouts;
            return InferredKind.Date;
        }
        if (Utf8TimestampParser.TryParse(value, _dateLayouts, out _, out var shape))
        {
            _dateLayouts &= shape.DateLayouts;
            if (shape.TSeparator) _sawTSeparator = true; else _sawSpaceSeparator = true;
            _sawSeconds |= shape.HasSeconds;
            _fractionDigits = Math.Max(_fractionDigits, shape.FractionDigits);
            if (shape.HasOffset) _sawOffset = true; else _sawNaive = true;
            return InferredKind.Timestamp;
        }
        return InferredKind.String;
    }

    /// <summary>The Arrow type of the column: string for null-only columns, microsecond timestamps
    /// (UTC-normalised, zone <c>UTC</c> when values carried offsets, none otherwise).</summary>
    public IArrowType ArrowType => Kind switch
    {
        InferredKind.Bool => BooleanType.Default,
        InferredKind.Int64 => Int64Type.Default,
        InferredKind.Double => DoubleType.Default,
        InferredKind.Date => Date32Type.Default,
        InferredKind.Timestamp => new TimestampType(TimeUnit.Microsecond, _sawOffset ? "UTC" : (string?)null),
        InferredKind.Decimal => new Decimal128Type(Utf8DecimalParser.MaxPrecision, DecimalScale),
        _ => StringType.Default,
    };

    /// <summary>Whether some timestamp values lacked an offset (taken as UTC).</summary>
    public bool HasNaiveTimestamps => _sawNaive;

    /// <summary>The Arrow field for this column, with <see cref="FormatKey"/> and <see cref="SemanticKey"/> metadata where known.</summary>
    public Field ToField(string name)
    {
        var metadata = new Dictionary<string, string>();
        if (FormatPattern is { Length: > 0 } pattern) metadata[FormatKey] = pattern;
        if (IsDecimalString) metadata[SemanticKey] = DecimalStringSemantic;
        return new Field(name, ArrowType, nullable: true, metadata.Count == 0 ? null : metadata);
    }
}
