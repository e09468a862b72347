using Apache.Arrow.Types;
using Avro;
using AvroSchema = Avro.Schema;

namespace Pipeline.IO.Sources.Avro;

/// <summary>How a value of an Avro column becomes Arrow.</summary>
internal enum AvroKind
{
    /// <summary>boolean.</summary>
    Bool,
    /// <summary>int.</summary>
    Int32,
    /// <summary>long.</summary>
    Int64,
    /// <summary>float.</summary>
    Float,
    /// <summary>double.</summary>
    Double,
    /// <summary>string, enum symbol, uuid, decimal (as its exact digits), and anything rendered as JSON text.</summary>
    String,
    /// <summary>bytes, fixed.</summary>
    Binary,
    /// <summary>date (days since 1970-01-01).</summary>
    Date,
    /// <summary>timestamp-millis/micros (UTC) and local-timestamp-* (no zone), in microseconds.</summary>
    Timestamp,
    /// <summary>arrays, maps, unions of several types: their JSON text.</summary>
    Json,
}

/// <summary>One Arrow column read from an Avro record: the field positions leading to it (nested records are
/// flattened to dotted names, as JSON objects are), its kind and its Arrow type.</summary>
internal sealed record AvroColumn(string Name, int[] Path, AvroKind Kind, IArrowType Type);

/// <summary>
/// The Arrow columns of an Avro record schema: primitives map to their Arrow types; <c>["null", T]</c> is a nullable
/// T; a nested record's fields become <c>parent.child</c> columns; logical dates and timestamps become date32 and
/// timestamp[us] (UTC for <c>timestamp-*</c>, no zone for <c>local-timestamp-*</c>); decimals, uuids and enums become
/// text; arrays, maps and unions of several types become their JSON text.
/// </summary>
internal static class AvroColumns
{
    /// <summary>The columns of a record schema.</summary>
    /// <exception cref="Core.Errors.PipelineException">The schema's top level is not a record.</exception>
    public static List<AvroColumn> Of(AvroSchema schema, string file)
    {
        if (schema is not RecordSchema record)
            throw Core.Errors.PipelineException.InvalidInput(file, $"the Avro schema is a {schema.Tag}, not a record: Pipeline reads records as rows");
        var columns = new List<AvroColumn>();
        Add(record, prefix: null, [], columns);
        return columns;
    }

    private static void Add(RecordSchema record, string? prefix, int[] path, List<AvroColumn> columns)
    {
        foreach (var field in record.Fields)
        {
            var name = prefix is null ? field.Name : prefix + "." + field.Name;
            int[] fieldPath = [.. path, field.Pos];
            var schema = NonNull(field.Schema);
            if (schema is RecordSchema nested) Add(nested, name, fieldPath, columns);
            else
            {
                var kind = KindOf(schema);
                columns.Add(new AvroColumn(name, fieldPath, kind, ArrowType(kind, schema)));
            }
        }
    }

    /// <summary>The T of <c>["null", T]</c>; the schema itself otherwise.</summary>
    private static AvroSchema NonNull(AvroSchema schema)
        => schema is UnionSchema union && union.Schemas.Count(s => s.Tag != AvroSchema.Type.Null) == 1
            ? union.Schemas.First(s => s.Tag != AvroSchema.Type.Null)
            : schema;

    private static AvroKind KindOf(AvroSchema schema)
    {
        if (schema is LogicalSchema logical)
            return logical.LogicalTypeName switch
            {
                "date" => AvroKind.Date,
                "timestamp-millis" or "timestamp-micros" or "local-timestamp-millis" or "local-timestamp-micros" => AvroKind.Timestamp,
                "decimal" or "uuid" => AvroKind.String,
                _ => KindOf(logical.BaseSchema),
            };
        return schema.Tag switch
        {
            AvroSchema.Type.Boolean => AvroKind.Bool,
            AvroSchema.Type.Int => AvroKind.Int32,
            AvroSchema.Type.Long => AvroKind.Int64,
            AvroSchema.Type.Float => AvroKind.Float,
            AvroSchema.Type.Double => AvroKind.Double,
            AvroSchema.Type.String or AvroSchema.Type.Enumeration or AvroSchema.Type.Null => AvroKind.String,
            AvroSchema.Type.Bytes or AvroSchema.Type.Fixed => AvroKind.Binary,
            _ => AvroKind.Json,
        };
    }

    private static IArrowType ArrowType(AvroKind kind, AvroSchema schema) => kind switch
    {
        AvroKind.Bool => BooleanType.Default,
        AvroKind.Int32 => Int32Type.Default,
        AvroKind.Int64 => Int64Type.Default,
        AvroKind.Float => FloatType.Default,
        AvroKind.Double => DoubleType.Default,
        AvroKind.Binary => BinaryType.Default,
        AvroKind.Date => Date32Type.Default,
        AvroKind.Timestamp => new TimestampType(TimeUnit.Microsecond,
            schema is LogicalSchema { LogicalTypeName: var n } && n.StartsWith("local-", StringComparison.Ordinal) ? null : "UTC"),
        _ => StringType.Default,
    };
}
