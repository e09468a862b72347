using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Pipeline.IO.Sources.ArrowIpc;

namespace Pipeline.Server.Flight;

/// <summary>
/// Checks the Arrow header of every <c>FlightData</c> a client streams to <c>DoPut</c> (or <c>DoExchange</c>) with the
/// IPC readers' header checks (<see cref="IpcMessageCheck"/>: nesting depth, buffers inside the body, lengths), before
/// Apache.Arrow.Flight decodes it: a hostile header ends the call with <c>INVALID_ARGUMENT</c> naming the message,
/// never a deep recursion or an out-of-range read in the server. The arrays that pass are validated again after decoding
/// (<c>ArrayValidation</c>), as for files.
/// </summary>
internal sealed class FlightMessageCheck(ServeSettings settings) : Interceptor
{
    // FlightData's fields (Flight.proto): data_header = 2, data_body = 1000.
    private const int DataHeaderField = 2, DataBodyField = 1000;

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.EndsWith("/DoPut", StringComparison.Ordinal) || context.Method.EndsWith("/DoExchange", StringComparison.Ordinal))
            requestStream = new CheckedReader<TRequest>(requestStream, new IpcMessageCheck(settings.MaxUploadBytes), context.Method[(context.Method.LastIndexOf('/') + 1)..]);
        return continuation(requestStream, responseStream, context);
    }

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, IpcMessageCheck check, string method) : IAsyncStreamReader<T>
    {
        private long _messages;

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false)) return false;
            _messages++;
            if (inner.Current is IMessage message && Bytes(message, DataHeaderField) is { Length: > 0 } header)
            {
                try
                {
                    check.Check(header.Span, Bytes(message, DataBodyField)?.Memory ?? ReadOnlyMemory<byte>.Empty);
                }
                catch (InvalidDataException ex)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"{method}: message {_messages}: {ex.Message}"));
                }
            }
            return true;
        }

        private static ByteString? Bytes(IMessage message, int field)
            => message.Descriptor.FindFieldByNumber(field)?.Accessor.GetValue(message) as ByteString;
    }
}
