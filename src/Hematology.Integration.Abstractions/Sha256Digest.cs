using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Hematology.Integration;

/// <summary>A SHA-256 digest, written as 64 lower-case hexadecimal characters.</summary>
public readonly record struct Sha256Digest
{
    /// <summary>The length of the digest's text.</summary>
    public const int HexLength = 64;

    private Sha256Digest(string hex) => Hex = hex;

    /// <summary>Gets the digest as 64 lower-case hexadecimal characters.</summary>
    public string Hex { get; }

    /// <summary>Creates a digest from its 32 bytes.</summary>
    /// <param name="hash">The hash bytes.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes long.</exception>
    public static Sha256Digest FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(hash));
        }

        return new Sha256Digest(Convert.ToHexStringLower(hash));
    }

    /// <summary>Computes the digest of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The digest.</returns>
    public static Sha256Digest Compute(ReadOnlySpan<byte> data) => FromBytes(SHA256.HashData(data));

    /// <summary>Computes the digest of a stream's remaining content.</summary>
    /// <param name="stream">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest.</returns>
    public static async ValueTask<Sha256Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return FromBytes(hash);
    }

    /// <summary>Parses a digest from hexadecimal text (either case).</summary>
    /// <param name="hex">64 hexadecimal characters.</param>
    /// <param name="digest">The digest, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> is a valid digest.</returns>
    public static bool TryParse([NotNullWhen(true)] string? hex, out Sha256Digest digest)
    {
        digest = default;
        if (hex is null || hex.Length != HexLength)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        digest = new Sha256Digest(hex.ToLowerInvariant());
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Hex ?? string.Empty;
}
