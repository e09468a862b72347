using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Grpc.Core;
using Grpc.Net.Client;

namespace Pipeline.Server.Tests;

/// <summary>Hostile Arrow headers streamed to DoPut are refused before Apache.Arrow.Flight decodes them: the raw
/// <c>FlightData</c> messages are written here byte by byte, as an attacker's client would.</summary>
public sealed class FlightHeaderTests
{
    private static readonly Method<byte[], byte[]> DoPut = new(MethodType.DuplexStreaming, "arrow.flight.protocol.FlightService", "DoPut",
        Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    [Fact]
    public async Task A_schema_nested_deeper_than_the_readers_accept_is_invalid_argument()
    {
        var status = await PutRawAsync(FlightData(Descriptor("deep.arrow"), SchemaHeader(depth: 100), []));
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Contains("DoPut: message 1: type nesting deeper than 64 levels", status.Detail);
    }

    [Fact]
    public async Task A_damaged_header_is_invalid_argument_never_a_server_error()
    {
        var header = SchemaHeader(depth: 1);
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var damaged = (byte[])header.Clone();
            for (int flips = 0; flips < 3; flips++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            var status = await PutRawAsync(FlightData(Descriptor($"d{trial}.arrow"), damaged, []));
            // Either refused by the header check or by Apache.Arrow's own checks after it; never Unknown/Internal.
            Assert.True(status.StatusCode is StatusCode.InvalidArgument or StatusCode.OK, $"trial {trial}: {status}");
        }
        // A header that claims a body it does not carry.
        var truncated = await PutRawAsync(FlightData(Descriptor("t.arrow"), SchemaHeader(depth: 1), []),
            FlightData([], RecordBatchHeader(bodyLength: 1 << 20), new byte[16]));
        Assert.Equal(StatusCode.InvalidArgument, truncated.StatusCode);
        Assert.Contains("message 2", truncated.Detail);
    }

    private static async Task<Status> PutRawAsync(params byte[][] messages)
    {
        await using var served = await ServedInstance.StartAsync(s => s with { FlightListen = "127.0.0.1:0" });
        using var channel = GrpcChannel.ForAddress(served.Server.FlightAddress!);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(DoPut, null, new CallOptions());
        try
        {
            foreach (var message in messages) await call.RequestStream.WriteAsync(message);
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
            return Status.DefaultSuccess;
        }
        catch (RpcException ex) { return ex.Status; }
    }

    /// <summary>The flatbuffer header of a schema message with one column of <paramref name="depth"/> nested lists.</summary>
    private static byte[] SchemaHeader(int depth)
    {
        IArrowType type = Int32Type.Default;
        for (int i = 0; i < depth; i++) type = new ListType(new Field("item", type, true));
        var schema = new Schema.Builder().Field(new Field("deep", type, true)).Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true)) writer.WriteStart();
        return Header(stream.ToArray());
    }

    /// <summary>The header of a record batch message of one int32 column declaring <paramref name="bodyLength"/> body bytes.</summary>
    private static byte[] RecordBatchHeader(long bodyLength)
    {
        var schema = new Schema.Builder().Field(new Field("n", Int32Type.Default, false)).Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, schema, leaveOpen: true))
            writer.WriteRecordBatch(new RecordBatch(schema, [new Int32Array.Builder().AppendRange([1, 2, 3, 4]).Build()], 4));
        var bytes = stream.ToArray();
        int schemaLength = BitConverter.ToInt32(bytes, 4);
        var header = Header(bytes[(8 + schemaLength)..]);
        // The body is what follows the header (less the 8-byte end-of-stream marker when the writer wrote one); the int64
        // body length in the header holds that number: make it lie.
        long body = bytes.Length - (8 + schemaLength) - (8 + header.Length);
        int at = Enumerable.Range(0, header.Length - 7).First(i => BitConverter.ToInt64(header, i) is var n && (n == body || n == body - 8));
        BitConverter.TryWriteBytes(header.AsSpan(at, 8), bodyLength);
        return header;
    }

    /// <summary>The metadata of the first message of an IPC stream (after the continuation marker and length).</summary>
    private static byte[] Header(byte[] stream) => stream[8..(8 + BitConverter.ToInt32(stream, 4))];

    /// <summary>FlightDescriptor{type: PATH, path: ["datasets", name]} as protobuf.</summary>
    private static byte[] Descriptor(string name)
    {
        var message = new List<byte> { 0x08, 0x01 };
        foreach (var part in new[] { "datasets", name })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(part);
            message.Add(0x1A);
            message.Add((byte)bytes.Length);
            message.AddRange(bytes);
        }
        return [.. message];
    }

    /// <summary>FlightData{flight_descriptor = 1, data_header = 2, data_body = 1000} as protobuf.</summary>
    private static byte[] FlightData(byte[] descriptor, byte[] header, byte[] body)
    {
        var message = new List<byte>();
        void Field(byte[] tag, byte[] value)
        {
            if (value.Length == 0) return;
            message.AddRange(tag);
            uint length = (uint)value.Length;
            while (length >= 0x80) { message.Add((byte)(length | 0x80)); length >>= 7; }
            message.Add((byte)length);
            message.AddRange(value);
        }
        Field([0x0A], descriptor);
        Field([0x12], header);
        Field([0xC2, 0x3E], body);
        return [.. message];
    }
}
