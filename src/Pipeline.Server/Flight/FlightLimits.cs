namespace Pipeline.Server.Flight;

/// <summary>The sizes Flight traffic is held to.</summary>
internal static class FlightLimits
{
    /// <summary>The largest gRPC message the server accepts: one DoPut record batch (64 MiB). A client that sends
    /// bigger batches gets <c>ResourceExhausted</c> and should send smaller ones; the whole upload is limited by
    /// <c>--max-upload</c>.</summary>
    public const int MaxReceiveMessageBytes = 64 << 20;
}
