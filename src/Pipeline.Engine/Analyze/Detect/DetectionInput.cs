using System.Globalization;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Engine.Analyze.Data;

namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// The columns <c>pipeline detect</c> reads, gathered batch by batch into plain arrays: each row's time (ticks since
/// the Unix epoch), its value in every value column (NaN when null) and its group key. Bad input fails with the file,
/// row and column named: a missing column, a time that does not parse, a value that is not a number.
/// </summary>
public sealed class DetectionInput
{
    private readonly string _file;
    private readonly string _timeColumn;
    private readonly IReadOnlyList<string> _valueColumns;
    private readonly string? _groupColumn;
    private readonly List<long> _times = [];
    private readonly List<double>[] _values;
    private readonly List<string> _groups = [];

    /// <param name="file">The input's name, for error messages.</param>
    /// <param name="timeColumn">The time column.</param>
    /// <param name="valueColumns">One or more value columns.</param>
    /// <param name="groupColumn">The column whose values split the rows into separate series, or null.</param>
    public DetectionInput(string file, string timeColumn, IReadOnlyList<string> valueColumns, string? groupColumn)
    {
        ArgumentNullException.ThrowIfNull(valueColumns);
        if (valueColumns.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "at least one --value column is needed");
        _file = file;
        _timeColumn = timeColumn;
        _valueColumns = valueColumns;
        _groupColumn = groupColumn;
        _values = valueColumns.Select(_ => new List<double>()).ToArray();
    }

    /// <summary>Rows read so far.</summary>
    public int Rows => _times.Count;
    /// <summary>The value columns, in the order given.</summary>
    public IReadOnlyList<string> ValueColumns => _valueColumns;
    /// <summary>The group column, or null.</summary>
    public string? GroupColumn => _groupColumn;
    /// <summary>Each row's time in ticks since the Unix epoch.</summary>
    public IReadOnlyList<long> Times => _times;
    /// <summary>Each row's group key ("" without a group column).</summary>
    public IReadOnlyList<string> Groups => _groups;
    /// <summary>Each row's value in the value column at <paramref name="column"/>.</summary>
    public IReadOnlyList<double> Values(int column) => _values[column];

    /// <summary>Adds a batch's rows.</summary>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int firstRow = _times.Count + 1;
        AddTimes(Column(batch, _timeColumn), firstRow);
        for (int c = 0; c < _valueColumns.Count; c++) AddValues(Column(batch, _valueColumns[c]), _valueColumns[c], _values[c], firstRow);
        if (_groupColumn is null) _groups.AddRange(Enumerable.Repeat("", batch.Length));
        else
        {
            var keys = Column(batch, _groupColumn);
            for (int i = 0; i < keys.Length; i++) _groups.Add(ValueText.Get(keys, i) ?? "");
        }
    }

    private IArrowArray Column(RecordBatch batch, string name)
    {
        int index = batch.Schema.GetFieldIndex(name);
        if (index < 0)
            throw PipelineException.InvalidInput(_file, $"no column '{name}'; columns: {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))}");
        return batch.Column(index);
    }

    private void AddTimes(IArrowArray array, int firstRow)
    {
        if (array is StringArray text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                var s = text.GetString(i);
                if (string.IsNullOrWhiteSpace(s) || !DateTime.TryParse(s, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
                    throw PipelineException.InvalidInput(_file, $"row {firstRow + i}, column '{_timeColumn}': '{s}' is not a timestamp");
                _times.Add((t - DateTime.UnixEpoch).Ticks);
            }
            return;
        }
        var ticks = ColumnValues.Ticks(array);
        for (int i = 0; i < ticks.Length; i++)
            _times.Add(ticks[i] ?? throw PipelineException.InvalidInput(_file,
                array.IsNull(i) ? $"row {firstRow + i}, column '{_timeColumn}': the time is missing"
                                : $"column '{_timeColumn}' is {array.Data.DataType.Name}, not a date or timestamp"));
    }

    private void AddValues(IArrowArray array, string column, List<double> values, int firstRow)
    {
        if (array is StringArray text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                var s = text.GetString(i);
                if (string.IsNullOrWhiteSpace(s)) values.Add(double.NaN);
                else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) values.Add(v);
                else throw PipelineException.InvalidInput(_file, $"row {firstRow + i}, column '{column}': '{s}' is not a number");
            }
            return;
        }
        if (!IsNumeric(array)) throw PipelineException.InvalidInput(_file, $"column '{column}' is {array.Data.DataType.Name}, not numeric");
        values.AddRange(ColumnValues.Numbers(array));
    }

    private static bool IsNumeric(IArrowArray array) => array.Data.DataType.TypeId is
        Apache.Arrow.Types.ArrowTypeId.Int8 or Apache.Arrow.Types.ArrowTypeId.Int16 or Apache.Arrow.Types.ArrowTypeId.Int32 or Apache.Arrow.Types.ArrowTypeId.Int64 or
        Apache.Arrow.Types.ArrowTypeId.UInt8 or Apache.Arrow.Types.ArrowTypeId.UInt16 or Apache.Arrow.Types.ArrowTypeId.UInt32 or Apache.Arrow.Types.ArrowTypeId.UInt64 or
        Apache.Arrow.Types.ArrowTypeId.HalfFloat or Apache.Arrow.Types.ArrowTypeId.Float or Apache.Arrow.Types.ArrowTypeId.Double or Apache.Arrow.Types.ArrowTypeId.Decimal128;
}
