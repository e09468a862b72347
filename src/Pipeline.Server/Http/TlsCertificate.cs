using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pipeline.Core.Errors;

namespace Pipeline.Server.Http;

/// <summary>Loads <c>--tls-cert</c> and <c>--tls-key</c> (PEM) into the certificate Kestrel serves, with errors that
/// name the file; checked at start, so a bad pair fails before the server listens.</summary>
internal static class TlsCertificate
{
    /// <summary>The certificate with its private key, or null when neither option is set.</summary>
    /// <exception cref="PipelineException">One option without the other, a missing or unreadable file, a key that is
    /// not the certificate's, or a certificate outside its validity period (InvalidInput).</exception>
    public static X509Certificate2? Load(string? certificateFile, string? keyFile)
    {
        if (certificateFile is null && keyFile is null) return null;
        if (certificateFile is null || keyFile is null)
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                certificateFile is null ? "--tls-key needs --tls-cert (the certificate, PEM)" : "--tls-cert needs --tls-key (the private key, PEM)");
        Require(certificateFile, "--tls-cert");
        Require(keyFile, "--tls-key");
        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // The message is the framework's (no key material); it says what did not parse or match.
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"--tls-cert {certificateFile} / --tls-key {keyFile}: not a PEM certificate with its unencrypted private key ({ex.Message.Replace(" (Parameter 'privateKey')", "", StringComparison.Ordinal)})", ex);
        }
        var now = DateTime.Now;
        if (now < loaded.NotBefore || now > loaded.NotAfter)
        {
            var window = $"{loaded.NotBefore:u} to {loaded.NotAfter:u}";
            loaded.Dispose();
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"--tls-cert {certificateFile}: the certificate is valid from {window}, not now");
        }
        return loaded;
    }

    private static void Require(string file, string option)
    {
        if (!File.Exists(file)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{option} {file}: file not found");
    }
}
