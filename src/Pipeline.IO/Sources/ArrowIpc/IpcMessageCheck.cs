using System.Buffers;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// The IPC readers' header checks for Arrow messages that arrive already framed, such as Arrow Flight's
/// <c>FlightData</c> (a flatbuffer header and a body): one instance per stream, each message checked in order before
/// Apache.Arrow decodes it (supported version, a schema first, nesting depth, buffers inside the body, sane lengths,
/// decompressed sizes within the budget).
/// </summary>
/// <param name="maxBufferBytes">The largest decompressed buffer accepted.</param>
public sealed class IpcMessageCheck(long maxBufferBytes)
{
    private readonly IpcMessageValidator _validator = new(maxBufferBytes);

    /// <summary>Checks one message; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    /// <param name="header">The message's flatbuffer metadata.</param>
    /// <param name="body">The message's body.</param>
    public void Check(ReadOnlySpan<byte> header, ReadOnlyMemory<byte> body)
    {
        if (header.IsEmpty) throw new InvalidDataException("the message has no Arrow header");
        try
        {
            _validator.ValidateMetadata(header, body.Length);
            _validator.ValidateBody(new ReadOnlySequence<byte>(body));
        }
        catch (UnsupportedIpcFeatureException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // A flatbuffer offset pointing outside the header.
            throw new InvalidDataException($"the Arrow header is damaged ({ex.Message})", ex);
        }
    }
}
